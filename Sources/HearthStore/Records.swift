/// One signed change as stored: the exact bytes its author signed, the signature, and the
/// payloads held for its ops (by op index; a redacted or never-received payload is absent).
public struct StoredChange: Sendable, Equatable {
    public var author: [UInt8]
    public var seq: UInt64
    public var hlc: UInt64
    public var body: [UInt8]
    public var signature: [UInt8]
    public var payloads: [UInt32: [UInt8]]

    public init(
        author: [UInt8], seq: UInt64, hlc: UInt64, body: [UInt8], signature: [UInt8], payloads: [UInt32: [UInt8]] = [:]
    ) {
        self.author = author
        self.seq = seq
        self.hlc = hlc
        self.body = body
        self.signature = signature
        self.payloads = payloads
    }
}

/// Names one op: (author, seq) of its change and its index inside the change.
public struct OpKey: Hashable, Sendable, Comparable {
    public var author: [UInt8]
    public var seq: UInt64
    public var index: UInt32

    public init(author: [UInt8], seq: UInt64, index: UInt32) {
        self.author = author
        self.seq = seq
        self.index = index
    }

    public static func < (lhs: OpKey, rhs: OpKey) -> Bool {
        if lhs.author != rhs.author { return lhs.author.lexicographicallyPrecedes(rhs.author) }
        if lhs.seq != rhs.seq { return lhs.seq < rhs.seq }
        return lhs.index < rhs.index
    }
}

/// An op stored while no app knew its kind, to apply once one does.
public struct DeferredOp: Sendable, Equatable {
    public var position: Int64
    public var key: OpKey
    public var kind: String
}
