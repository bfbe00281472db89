/// A hybrid logical clock (Kulkarni et al., 2014) in the packed 48+16-bit form.
///
/// Pure: the caller passes the physical time, so tests control it.
public struct HybridLogicalClock: Sendable {
    /// Remote readings further ahead of local physical time than this (5 minutes) are not
    /// adopted, so one peer with a wrong clock cannot drag everyone's timestamps into the future;
    /// machines on a LAN without a time server drift by minutes, not more.
    public static let maximumDrift: UInt64 = 300_000

    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = HLCTimestamp(rawValue: 0)) { self.last = last }

    /// A new timestamp for a local event: later than every reading seen so far.
    public mutating func tick(physicalMilliseconds now: UInt64) -> HLCTimestamp {
        let physical = HLCTimestamp(milliseconds: now)
        last = physical > last ? physical : HLCTimestamp(rawValue: last.rawValue + 1)
        return last
    }

    /// Takes a reading from a received op into account.
    /// - Returns: false when the reading was too far ahead of `now` to be adopted.
    @discardableResult
    public mutating func observe(_ remote: HLCTimestamp, physicalMilliseconds now: UInt64) -> Bool {
        guard remote.milliseconds <= now &+ Self.maximumDrift else { return false }
        if remote > last { last = remote }
        return true
    }
}
