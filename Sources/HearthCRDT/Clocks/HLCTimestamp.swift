/// A hybrid logical clock reading: milliseconds since 1970 in the high 48 bits, a counter in the
/// low 16. Ordered as an integer, so it sorts like wall time while respecting causality.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(milliseconds: UInt64, counter: UInt16 = 0) {
        rawValue = milliseconds << 16 | UInt64(counter)
    }

    /// Wall-clock milliseconds since 1970.
    public var milliseconds: UInt64 { rawValue >> 16 }
    /// Logical counter within one millisecond.
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(milliseconds).\(counter)" }
}
