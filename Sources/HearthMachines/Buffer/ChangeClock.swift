import HearthCRDT

/// The rules on changes' clock readings (`Protocol/sync.md`, "Clock readings").
public enum ChangeClock {
    /// How far ahead of this node's clock a change may be dated and still be applied.
    public static let maxDriftMilliseconds = HybridLogicalClock.maximumDrift

    /// The milliseconds part of a hybrid logical clock reading.
    public static func physical(_ hlc: UInt64) -> UInt64 { hlc >> 16 }

    /// The greatest reading applied now: `maxDrift` past `now`, with any counter.
    public static func latestAllowed(now: UInt64) -> UInt64 {
        let (milliseconds, overflow) = now.addingReportingOverflow(maxDriftMilliseconds)
        guard !overflow, milliseconds < 1 << 48 else { return .max }
        return milliseconds << 16 | 0xFFFF
    }
}
