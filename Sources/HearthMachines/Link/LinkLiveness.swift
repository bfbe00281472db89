/// Keepalive and round-trip time of one link (pure: time is passed in as monotonic seconds).
///
/// A ping goes out when the link opens and then every `interval`, each with a fresh nonce, so a
/// lost ping or pong delays the next measurement by one interval only. A link that has received
/// nothing for `deadAfter` is dead. Rules: `Protocol/sync.md`, "Links".
public struct LinkLiveness: Sendable {
    public enum Action: Sendable, Equatable {
        case ping(nonce: UInt64)
        case timedOut
    }

    public let interval: Double
    public let deadAfter: Double
    public private(set) var lastReceived: Double
    /// The latest measured round trip, in seconds.
    public private(set) var roundTrip: Double?
    private var nextPing: Double
    private var outstanding: (nonce: UInt64, sentAt: Double)?
    private var lastNonce: UInt64

    public init(openedAt now: Double, interval: Double, deadAfter: Double, firstNonce: UInt64) {
        self.interval = interval
        self.deadAfter = deadAfter
        lastReceived = now
        nextPing = now
        lastNonce = firstNonce
    }

    /// Something arrived on the link.
    public mutating func received(now: Double) { lastReceived = max(lastReceived, now) }

    /// A pong arrived; it measures the round trip if it answers the latest ping.
    public mutating func pong(nonce: UInt64, now: Double) {
        received(now: now)
        guard let outstanding, outstanding.nonce == nonce else { return }
        roundTrip = now - outstanding.sentAt
        self.outstanding = nil
    }

    /// What is due at `now`: closing a silent link, or the next ping.
    public mutating func tick(now: Double) -> Action? {
        if now >= lastReceived + deadAfter { return .timedOut }  // the sum `nextDeadline` gives
        guard now >= nextPing else { return nil }
        lastNonce &+= 1
        outstanding = (lastNonce, now)
        nextPing = now + interval
        return .ping(nonce: lastNonce)
    }

    /// When `tick` next has something to do.
    public var nextDeadline: Double { min(nextPing, lastReceived + deadAfter) }
}
