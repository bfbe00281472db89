/// Exponential reconnection backoff with full jitter (pure: randomness is passed in).
public struct Backoff: Sendable {
    public var initial: Double
    public var maximum: Double
    private var attempt = 0

    public init(initial: Double = 0.25, maximum: Double = 30) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt, in seconds; `random` is uniform in 0..<1.
    public mutating func nextDelay(random: Double) -> Double {
        let ceiling = min(maximum, initial * Double(1 << min(attempt, 20)))
        attempt += 1
        return ceiling / 2 + ceiling / 2 * random
    }

    /// A link came up: start again from the shortest delay.
    public mutating func reset() { attempt = 0 }
}
