/// When to try storing received changes again after the store failed (a full disk, mostly), and
/// when to say so in the log. Pure: time is passed in as monotonic seconds.
///
/// Each failure doubles the pause (1 s up to 30 s) during which received changes are only
/// buffered; a failure is logged at once and then at most once a minute, with a count.
struct StoreRetry: Sendable {
    static let firstPause = 1.0
    static let longestPause = 30.0
    static let logInterval = 60.0

    private var pause = 0.0
    private var resumeAt = -Double.infinity
    private var lastLogged = -Double.infinity
    private var unlogged = 0
    private(set) var isFailing = false

    /// Whether storing may be tried now.
    func mayTry(now: Double) -> Bool { now >= resumeAt }

    /// The store failed at `now`; returns the number of failures to mention if this one should
    /// be logged (nil to stay quiet), and the pause before the next try.
    mutating func failed(now: Double) -> (log: Int?, pause: Double) {
        pause = min(Self.longestPause, max(Self.firstPause, pause * 2))
        resumeAt = now + pause
        isFailing = true
        unlogged += 1
        guard now - lastLogged >= Self.logInterval else { return (nil, pause) }
        lastLogged = now
        defer { unlogged = 0 }
        return (unlogged, pause)
    }

    /// Storing worked; returns true when it had been failing (worth a log line).
    mutating func succeeded() -> Bool {
        defer {
            pause = 0
            resumeAt = -.infinity
            isFailing = false
            unlogged = 0
            lastLogged = -.infinity
        }
        return isFailing
    }
}
