import Foundation

/// Numbers the node's events, keeps the latest for resuming, and feeds each subscriber through a
/// bounded queue (`README.md`, "Control API").
///
/// A subscriber that falls `queueLimit` events behind gets a `resync` event and its stream ends,
/// so a client that stops reading costs bounded memory. Sequence numbers start at the start-up
/// time in microseconds, so numbers from before a restart are older than every number after it
/// and resuming across a restart asks for a resync instead of silently mixing runs.
struct EventHub {
    static let queueLimit = 5_000
    static let historyLimit = 5_000
    /// Events are built and kept this long after the last subscriber left, so a client that
    /// reconnects with `since` misses nothing.
    static let keepWithoutSubscribers = 300.0

    private(set) var lastSeq: UInt64
    private var history: [NodeEvent] = []
    private var historyStart = 0
    private var subscribers: [UUID: AsyncStream<NodeEvent>.Continuation] = [:]
    private var lastSubscriberLeft: Double?

    init(startMicroseconds: UInt64) { lastSeq = startMicroseconds }

    /// Whether anyone may read the events now or soon: building them can be skipped otherwise.
    func wantsEvents(now: Double) -> Bool {
        !subscribers.isEmpty || lastSubscriberLeft.map { now - $0 < Self.keepWithoutSubscribers } == true
    }

    var subscriberCount: Int { subscribers.count }

    /// Numbers `events`, keeps them, and hands them to every subscriber; one whose queue is full
    /// is sent a resync and dropped.
    mutating func publish(_ events: [AppEvent], now: Double) {
        guard wantsEvents(now: now) else { return }
        for event in events {
            lastSeq += 1
            let numbered = NodeEvent(seq: lastSeq, event: event)
            keep(numbered)
            for (id, subscriber) in subscribers {
                if case .dropped = subscriber.yield(numbered) {
                    resync(id, subscriber, reason: "this client fell more than \(Self.queueLimit) events behind")
                    leave(id, now: now)
                }
            }
        }
    }

    /// A new subscriber: first the kept events after `since` (if it gives one), then live ones.
    /// If events after `since` are no longer kept, the stream holds only a resync.
    /// - Parameter onEnd: called when the consumer stops listening.
    mutating func subscribe(since: UInt64?, now: Double, onEnd: @escaping @Sendable (UUID) -> Void) -> AsyncStream<
        NodeEvent
    > {
        let (stream, continuation) = AsyncStream<NodeEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(Self.queueLimit))
        let id = UUID()
        continuation.onTermination = { _ in onEnd(id) }
        if let since, since != lastSeq {
            let kept = history[historyStart...]
            guard since < lastSeq, let oldest = kept.first?.seq, since + 1 >= oldest else {
                resync(id, continuation, reason: "events after \(since) are no longer kept (or the node restarted)")
                return stream
            }
            for event in kept where event.seq > since { continuation.yield(event) }
        }
        subscribers[id] = continuation
        lastSubscriberLeft = nil
        return stream
    }

    mutating func leave(_ id: UUID, now: Double) {
        guard subscribers.removeValue(forKey: id) != nil else { return }
        if subscribers.isEmpty { lastSubscriberLeft = now }
    }

    mutating func finishAll() {
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers.removeAll()
    }

    private mutating func keep(_ event: NodeEvent) {
        history.append(event)
        if history.count - historyStart > Self.historyLimit { historyStart += 1 }
        if historyStart > Self.historyLimit {
            history.removeFirst(historyStart)
            historyStart = 0
        }
    }

    private func resync(_ id: UUID, _ continuation: AsyncStream<NodeEvent>.Continuation, reason: String) {
        // The queue may be full: drop one to make room, so the resync is always the last element.
        _ = continuation.yield(
            NodeEvent(
                seq: lastSeq,
                event: AppEvent(type: "resync", key: "resync", value: Resync(reason: reason, seq: lastSeq))))
        continuation.finish()
    }
}

/// The value of a `resync` event: the client missed events; it should fetch the state again and
/// subscribe with `since` = `seq`.
public struct Resync: Codable, Sendable, Equatable {
    public var reason: String
    public var seq: UInt64
}
