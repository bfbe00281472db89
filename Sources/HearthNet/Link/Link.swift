import Foundation
import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthWire
import NIOCore

/// The sending half of one authenticated, encrypted link to a peer (its liveness and sync state
/// live in `MeshMachine`).
///
/// Messages queue in order for the link's single writer task, which encrypts everything queued
/// when it runs and writes it at once, so frames of different messages never interleave and a
/// burst costs one socket write. A sender waits while more than `highWater` bytes are queued
/// (backpressure); `push` never waits and instead drops the message when the queue is far over
/// the limit (the peer then catches up through anti-entropy).
///
/// Pushed changes collect in one place in the queue until the writer reaches it, so the changes
/// pushed while it was busy go out as one batch (one store on the peer's side) instead of one
/// each. An idle link sends a push as soon as the writer runs.
public actor Link {
    public typealias Direction = LinkDirection

    static let highWater = 4 << 20
    static let pushLimit = 64 << 20

    public nonisolated let peer: NodeID
    public nonisolated let peerName: String
    public nonisolated let address: String
    public nonisolated let peerListenPort: Int
    public nonisolated let direction: Direction
    public nonisolated let connectedAt: Date
    nonisolated let channel: any Channel

    private var sender: NoiseCipherState
    /// Told when the queue becomes non-empty; the writer then takes the whole queue.
    private let wake: AsyncStream<Void>.Continuation
    private var queue = OutgoingQueue()
    /// Encrypted bytes the writer has not yet reported written.
    private var unwrittenBytes = 0
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private(set) var isClosed = false
    /// Closed without a goodbye: what is queued is dropped.
    private var isAborted = false
    var pendingSyncRequest: (VersionVector<NodeID>, UInt64)?
    var syncWorkerRunning = false

    public nonisolated let connection: ConnectionID

    init(
        established: EstablishedLink, connection: ConnectionID, address: String, direction: Direction,
        channel: any Channel, wake: AsyncStream<Void>.Continuation
    ) {
        self.connection = connection
        peer = established.peer
        peerName = established.peerHello.displayName
        peerListenPort = Int(established.peerHello.listenPort)
        self.address = address
        self.direction = direction
        self.channel = channel
        connectedAt = Date()
        sender = established.sender
        self.wake = wake
    }

    private var backlog: Int { queue.byteCount + unwrittenBytes }

    /// Queues `envelope`, waiting while the link is congested.
    /// - Throws: `WireError` if the message cannot be framed (too large).
    public func send(_ envelope: WireEnvelope) async throws {
        while backlog > Self.highWater && !isClosed {
            await withCheckedContinuation { drainWaiters.append($0) }
        }
        try enqueue(envelope)
    }

    /// Queues `envelope` without waiting; returns false if it was dropped because of congestion.
    @discardableResult
    func push(_ envelope: WireEnvelope) -> Bool {
        guard backlog < Self.pushLimit else { return false }
        do {
            try enqueue(envelope)
            return true
        } catch {
            return false
        }
    }

    private func enqueue(_ envelope: WireEnvelope) throws {
        guard !isClosed else { return }
        if try queue.append(envelope) { wake.yield() }
    }

    /// Pushes `changes` with `pushed = true`: they join the pushes waiting for the writer, or
    /// are dropped when the link is far over its limit (the peer syncs them later).
    func pushChanges(_ changes: [KeyedChange]) {
        guard !isClosed, backlog < Self.pushLimit else { return }
        if queue.push(changes) { wake.yield() }
    }

    /// Everything queued, encrypted in order (the writer calls this when woken); the bytes count
    /// as queued until the writer reports them written. Empty after `close()`.
    func takeFrames() -> [UInt8] {
        let plaintexts = queue.takeAll()
        guard !isAborted else { return [] }
        var bytes: [UInt8] = []
        do {
            for plaintext in plaintexts {
                bytes += FrameDecoder.frame(try sender.encrypt(ad: [], plaintext: plaintext))
            }
        } catch {
            // The cipher cannot go on (its nonces are used up): the link cannot either.
            close()
            return []
        }
        unwrittenBytes += bytes.count
        return bytes
    }

    /// Called by the writer task after bytes reached the socket.
    func wrote(_ count: Int) {
        unwrittenBytes -= count
        if backlog <= Self.highWater / 2 { resumeWaiters() }
    }

    private func resumeWaiters() {
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Closes the connection; pending sends are dropped (after `closeGracefully`, does nothing:
    /// its goodbye still goes out).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        isAborted = true
        wake.finish()
        resumeWaiters()
        channel.close(promise: nil)
    }

    /// Sends a Goodbye (with an ErrorReport first when `code` is given), then closes once written.
    func closeGracefully(code: WireError.Code?, reason: String) {
        if let code {
            push(
                WireEnvelope.with {
                    $0.error = .with {
                        $0.code = code.rawValue; $0.message = reason
                    }
                })
        }
        push(WireEnvelope.with { $0.goodbye = .with { $0.reason = reason } })
        isClosed = true
        wake.finish()  // the writer sends what is queued, then closes the channel
        resumeWaiters()
    }
}

/// What `hearth peers` shows about one link.
public struct LinkInfo: Sendable, Equatable {
    public var peer: NodeID
    public var name: String
    public var address: String
    public var direction: Link.Direction
    public var connectedAt: Date
    public var roundTripMilliseconds: Double?
}

extension Link {
    /// Records a sync request; returns true when the caller must start the answering worker.
    func offerSyncRequest(_ vector: VersionVector<NodeID>, id: UInt64) -> Bool {
        pendingSyncRequest = (vector, id)
        guard !syncWorkerRunning else { return false }
        syncWorkerRunning = true
        return true
    }

    /// The latest request waiting for an answer, or nil (and the worker stops).
    func nextSyncRequest() -> (VersionVector<NodeID>, UInt64)? {
        guard let request = pendingSyncRequest, !isClosed else {
            syncWorkerRunning = false
            return nil
        }
        pendingSyncRequest = nil
        return request
    }
}
