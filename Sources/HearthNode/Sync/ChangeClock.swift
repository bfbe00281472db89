import HearthCRDT

/// Where an author's log ends as this node holds it: the hash the next change must name as
/// `prev`, and the clock reading the next change must exceed.
struct ChainHead: Sendable, Equatable {
    var hash: [UInt8]
    var hlc: UInt64
}

/// The rules on changes' clock readings (`Protocol/sync.md`, "Clock readings").
enum ChangeClock {
    /// How far ahead of this node's clock a change may be dated and still be applied.
    static let maxDriftMilliseconds = HybridLogicalClock.maximumDrift

    /// The milliseconds part of a hybrid logical clock reading.
    static func physical(_ hlc: UInt64) -> UInt64 { hlc >> 16 }

    /// The greatest reading applied now: `maxDrift` past `now`, with any counter.
    static func latestAllowed(now: UInt64) -> UInt64 {
        let (milliseconds, overflow) = now.addingReportingOverflow(maxDriftMilliseconds)
        guard !overflow, milliseconds < 1 << 48 else { return .max }
        return milliseconds << 16 | 0xFFFF
    }
}
