/// Decides whether a repeated event is worth a log line: the first occurrence per key is logged,
/// then at most one per `window` seconds, reporting how many were skipped in between
/// (pure: time is passed in).
public struct LogThrottle: Sendable {
    public struct Decision: Equatable, Sendable {
        public var shouldLog: Bool
        /// Occurrences not logged since the last line for this key.
        public var suppressed: Int
    }

    let window: Double
    /// Keys are forgotten when this many are tracked, so an unbounded stream of keys stays bounded.
    let capacity: Int
    private var entries: [String: (lastLogged: Double, suppressed: Int)] = [:]

    public init(window: Double, capacity: Int = 1024) {
        self.window = window
        self.capacity = capacity
    }

    public mutating func record(_ key: String, now: Double) -> Decision {
        if let entry = entries[key], now - entry.lastLogged < window {
            entries[key] = (entry.lastLogged, entry.suppressed + 1)
            return Decision(shouldLog: false, suppressed: entry.suppressed + 1)
        }
        let suppressed = entries[key]?.suppressed ?? 0
        if entries.count >= capacity {
            entries = entries.filter { now - $0.value.lastLogged < window }
            if entries.count >= capacity { entries.removeAll() }
        }
        entries[key] = (now, 0)
        return Decision(shouldLog: true, suppressed: suppressed)
    }

    /// Keys whose window has passed with occurrences not logged, with their count, so the count
    /// is reported when the window ends rather than at the next occurrence (sorted by key).
    public mutating func flush(now: Double) -> [(key: String, suppressed: Int)] {
        var due: [(key: String, suppressed: Int)] = []
        for (key, entry) in entries where entry.suppressed > 0 && now - entry.lastLogged >= window {
            due.append((key, entry.suppressed))
            entries[key] = (now, 0)
        }
        return due.sorted { $0.key < $1.key }
    }

    /// When `flush` next has something to report.
    public var nextFlush: Double? {
        entries.values.filter { $0.suppressed > 0 }.map { $0.lastLogged + window }.min()
    }
}
