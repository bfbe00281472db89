/// When to query each game server, without a socket or a clock: the caller sends what `due`
/// returns, reports answers and failures, and calls `due` again at `nextDeadline`.
///
/// A server that answers is queried every `interval` (2 s). A query unanswered after `timeout`
/// (1 s) is a timeout; after `n` timeouts in a row the next query waits `interval · 2ⁿ⁻¹`
/// (2, 4, 8, … s) up to `maxBackoff` (60 s), and after `timeoutsBeforeNotAnswering` (3) the
/// server is reported as not answering. Any later answer resets it. Times are seconds on any
/// monotonic clock; the same calls give the same results.
public struct ServerPollSchedule: Sendable {
    public struct Timing: Sendable, Equatable {
        public var interval: Double
        public var timeout: Double
        public var maxBackoff: Double
        public var timeoutsBeforeNotAnswering: Int

        public init(
            interval: Double = 2, timeout: Double = 1, maxBackoff: Double = 60, timeoutsBeforeNotAnswering: Int = 3
        ) {
            self.interval = interval
            self.timeout = timeout
            self.maxBackoff = maxBackoff
            self.timeoutsBeforeNotAnswering = timeoutsBeforeNotAnswering
        }
    }

    /// What is known of a server.
    public enum Health: Sendable, Equatable {
        /// Not answered yet, and fewer timeouts in a row than count as not answering.
        case unknown
        case answering
        case notAnswering
    }

    /// A server that stopped answering or answered again, for the caller to announce once.
    public enum Change: Sendable, Equatable {
        case stoppedAnswering(ServerAddress)
        case answeringAgain(ServerAddress)
    }

    struct Server: Sendable {
        var nextQuery: Double
        /// When the query in flight was sent; nil when none is.
        var inFlight: Double?
        var lastSent: Double?
        var timeouts = 0
        var health = Health.unknown
    }

    public let timing: Timing
    private var servers: [ServerAddress: Server] = [:]
    private var changes: [Change] = []

    /// Starts polling `addresses`, each due at once.
    public init(addresses: some Sequence<ServerAddress> = [], now: Double, timing: Timing = Timing()) {
        self.timing = timing
        for address in addresses { add(address, now: now) }
    }

    /// The servers polled, sorted.
    public var addresses: [ServerAddress] { servers.keys.sorted() }

    /// Starts polling `address` (due at once); nothing changes when it is polled already.
    public mutating func add(_ address: ServerAddress, now: Double) {
        guard servers[address] == nil else { return }
        servers[address] = Server(nextQuery: now)
    }

    /// Stops polling `address`; a later answer from it is ignored.
    public mutating func remove(_ address: ServerAddress) {
        servers[address] = nil
    }

    /// The servers to query now, sorted; each is marked as sent at `now`. Queries in flight for
    /// `timeout` or longer count as timed out first.
    public mutating func due(now: Double) -> [ServerAddress] {
        var send: [ServerAddress] = []
        for address in servers.keys.sorted() {
            if let sent = servers[address]?.inFlight, now >= sent + timing.timeout {
                timedOut(address, now: sent + timing.timeout)
            }
            guard var server = servers[address], server.inFlight == nil, server.nextQuery <= now else { continue }
            server.inFlight = now
            server.lastSent = now
            servers[address] = server
            send.append(address)
        }
        return send
    }

    /// The server answered (a good answer, already decoded): it is answering, and its next query
    /// is `interval` after the last one sent. Ignored for a server not polled or never queried.
    public mutating func answered(_ address: ServerAddress, now: Double) {
        guard var server = servers[address], let lastSent = server.lastSent else { return }
        if server.health == .notAnswering { changes.append(.answeringAgain(address)) }
        server.health = .answering
        server.timeouts = 0
        server.inFlight = nil
        server.nextQuery = max(lastSent + timing.interval, now)
        servers[address] = server
    }

    /// The query in flight failed (no answer in time, or the send failed); ignored when none is.
    public mutating func timedOut(_ address: ServerAddress, now: Double) {
        guard var server = servers[address], let sent = server.inFlight else { return }
        server.inFlight = nil
        server.timeouts += 1
        server.nextQuery = max(sent + backoff(after: server.timeouts), now)
        if server.timeouts >= timing.timeoutsBeforeNotAnswering, server.health != .notAnswering {
            server.health = .notAnswering
            changes.append(.stoppedAnswering(address))
        }
        servers[address] = server
    }

    /// When `due` next has something to do: the earliest query due or query to time out; nil
    /// when no server is polled.
    public var nextDeadline: Double? {
        servers.values.map { server in server.inFlight.map { $0 + timing.timeout } ?? server.nextQuery }.min()
    }

    /// What is known of `address`; nil when it is not polled.
    public func health(of address: ServerAddress) -> Health? { servers[address]?.health }

    /// Timeouts in a row for `address` (0 after an answer).
    public func timeouts(of address: ServerAddress) -> Int { servers[address]?.timeouts ?? 0 }

    /// The servers currently not answering, sorted.
    public var notAnswering: [ServerAddress] { servers.filter { $0.value.health == .notAnswering }.keys.sorted() }

    /// The changes since the last call, oldest first.
    public mutating func takeChanges() -> [Change] {
        defer { changes.removeAll() }
        return changes
    }

    /// The wait before the next query after `timeouts` in a row: interval · 2^(timeouts−1), capped.
    func backoff(after timeouts: Int) -> Double {
        var wait = timing.interval
        for _ in 1..<max(timeouts, 1) {
            wait *= 2
            if wait >= timing.maxBackoff { break }
        }
        return min(wait, timing.maxBackoff)
    }
}
