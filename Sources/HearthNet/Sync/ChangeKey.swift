import HearthCrypto
import HearthWire

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

/// A signed change together with its key, so relays need not decode it again.
public struct KeyedChange: Sendable {
    public var key: ChangeKey
    public var signed: WireSignedChange

    public init(key: ChangeKey, signed: WireSignedChange) {
        self.key = key
        self.signed = signed
    }
}
