import HearthCrypto

/// Names one change: its author and per-author sequence number.
public struct ChangeKey: Hashable, Sendable, CustomStringConvertible {
    public var author: NodeID
    public var seq: UInt64

    public init(author: NodeID, seq: UInt64) {
        self.author = author
        self.seq = seq
    }

    public var description: String { "\(author.short)/\(seq)" }
}
