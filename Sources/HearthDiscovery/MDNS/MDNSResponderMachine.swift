import Foundation

/// The built-in mDNS responder and querier without the socket (RFC 6762, DNS-SD per RFC 6763):
/// it probes for its names and announces them, defends them, answers queries with known-answer
/// suppression and a random delay for shared records, browses for Hearth services with doubling
/// intervals, asks again as cached records age, and says goodbye. Each event is a `mutating`
/// method taking `now` (seconds) and a random source; the driver sends what it returns and calls
/// `tick` again at `nextWakeup`. Rules and timers: `Protocol/discovery.md`.
public struct MDNSResponderMachine: Sendable {
    public enum Action: Sendable, Equatable {
        case send(DNSMessage)
        /// The Hearth services now known (sorted by instance).
        case publish([HearthService])
        case log(level: LogLevel, message: String, metadata: [String: String])
    }

    public enum LogLevel: Sendable, Equatable { case debug, info, notice }

    enum Claim: Sendable, Equatable {
        /// Probe `sent` of 3 is due at `at`.
        case probing(sent: Int, at: Double)
        /// The second announcement is due at `at`.
        case announcing(at: Double)
        case announced
    }

    /// Most answers waiting for their random delay; more are dropped (the asker asks again).
    static let maxDelayedAnswers = 32
    /// Most records kept from the LAN.
    static let cacheCapacity = 1024

    public internal(set) var own: HearthService?
    var claim: Claim?
    var renames = 0
    var cache = RecordCache()
    var published: [HearthService] = []
    var nextQuery: Double?
    var queryInterval = 1.0
    var nextMaintenance = 0.0
    var lastDetailQuery: [DNSName: Double] = [:]
    var delayedAnswers: [(at: Double, message: DNSMessage)] = []
    public internal(set) var isStopped = false

    public init() {}

    /// Whether this node's names are claimed (probing is over: they are announced, defended and
    /// answered for).
    public var isAnnounced: Bool {
        switch claim {
        case .announcing, .announced: true
        default: false
        }
    }

    /// Starts claiming `service`'s names (after 0–250 ms) and browsing (after 20–120 ms).
    public mutating func start(
        announcing service: HearthService?, now: Double, random: inout some RandomNumberGenerator
    ) {
        own = service
        if service != nil { claim = .probing(sent: 0, at: now + Double.random(in: 0..<0.25, using: &random)) }
        nextQuery = now + Double.random(in: 0.02...0.12, using: &random)
        nextMaintenance = now + 0.25
    }

    /// Says goodbye (TTL 0) if the names were announced, and stops.
    public mutating func stop() -> [Action] {
        defer {
            isStopped = true
            claim = nil
            delayedAnswers.removeAll()
        }
        guard isAnnounced, let own else { return [] }
        return [.send(own.announcement(ttl: 0))]
    }

    /// The next time `tick` has something to do.
    public var nextWakeup: Double? {
        guard !isStopped else { return nil }
        var times = [nextMaintenance]
        if let nextQuery { times.append(nextQuery) }
        switch claim {
        case .probing(_, let at), .announcing(let at): times.append(at)
        default: break
        }
        if let answer = delayedAnswers.map(\.at).min() { times.append(answer) }
        return times.min()
    }

    /// Does what is due at `now`: probes and announcements, delayed answers, queries, cache upkeep.
    public mutating func tick(now: Double, random: inout some RandomNumberGenerator) -> [Action] {
        guard !isStopped else { return [] }
        var actions = claimNames(now: now)
        let due = delayedAnswers.filter { $0.at <= now }
        delayedAnswers.removeAll { $0.at <= now }
        if isAnnounced { actions += due.map { .send($0.message) } }
        if let next = nextQuery, now >= next {
            actions.append(.send(browseQuery(now: now)))
            nextQuery = now + queryInterval
            queryInterval = min(queryInterval * 2, 3600)
        }
        if now >= nextMaintenance {
            nextMaintenance = now + 0.25
            actions += maintain(now: now)
        }
        return actions
    }
}
