/// Where an author's log ends as this node holds it: the hash the next change must name as
/// `prev`, and the clock reading the next change must exceed.
public struct ChainHead: Sendable, Equatable {
    public var hash: [UInt8]
    public var hlc: UInt64

    public init(hash: [UInt8], hlc: UInt64) {
        self.hash = hash
        self.hlc = hlc
    }

    /// Before an author's first change: nothing to name, no reading to exceed.
    public static let start = ChainHead(hash: [], hlc: 0)

    /// What becomes of the author's next change (`prev`, `hlc`), causally ready, given this head
    /// and the latest reading this node applies now (`ChangeClock.latestAllowed`). Rules:
    /// `Protocol/sync.md`, "Authenticating changes" and "Clock readings".
    public func verdict(prev: [UInt8], hlc: UInt64, latestAllowed: UInt64) -> ChainVerdict {
        guard prev == hash else { return .fork }
        guard hlc > self.hlc else { return .clockWentBack }
        guard hlc <= latestAllowed else { return .tooEarly }
        return .continues
    }
}

/// The outcome of `ChainHead.verdict`.
public enum ChainVerdict: Sendable, Equatable {
    /// It continues the log: it applies.
    case continues
    /// Authentic, yet it names another predecessor than the one held: the author forked its
    /// log. Rejected, with the author's later changes in this batch.
    case fork
    /// Its clock reading is not later than its predecessor's: rejected.
    case clockWentBack
    /// Dated too far ahead of this node's clock: it waits (with its author's later changes).
    case tooEarly
}
