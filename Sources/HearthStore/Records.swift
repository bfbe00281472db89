/// One signed change as stored: the exact bytes its author signed, and the signature.
public struct StoredChange: Sendable, Equatable {
    public var author: [UInt8]
    public var seq: UInt64
    public var hlc: UInt64
    public var body: [UInt8]
    public var signature: [UInt8]

    public init(author: [UInt8], seq: UInt64, hlc: UInt64, body: [UInt8], signature: [UInt8]) {
        self.author = author
        self.seq = seq
        self.hlc = hlc
        self.body = body
        self.signature = signature
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

/// A chat channel's materialised state.
public struct ChannelRecord: Sendable, Equatable {
    public var name: String
    public var topic: String
    public var topicHLC: UInt64
    public var topicAuthor: [UInt8]
    public var createdHLC: UInt64
    /// The change that created the channel first (smallest (hlc, author)); posts depend on it.
    public var creator: [UInt8]
    public var creatorSeq: UInt64

    public init(
        name: String, topic: String, topicHLC: UInt64, topicAuthor: [UInt8], createdHLC: UInt64, creator: [UInt8],
        creatorSeq: UInt64
    ) {
        self.name = name
        self.topic = topic
        self.topicHLC = topicHLC
        self.topicAuthor = topicAuthor
        self.createdHLC = createdHLC
        self.creator = creator
        self.creatorSeq = creatorSeq
    }
}

/// A chat message's materialised state.
public struct MessageRecord: Sendable, Equatable {
    public var key: OpKey
    public var channel: String
    public var hlc: UInt64
    public var text: String
    public var replyTo: OpKey?
    /// The first message of the thread this one belongs to (nil for a top-level message).
    public var threadRoot: OpKey?
    /// Number of messages in this message's thread (0 unless it is a thread root).
    public var replyCount: Int

    public init(
        key: OpKey, channel: String, hlc: UInt64, text: String, replyTo: OpKey?, threadRoot: OpKey?,
        replyCount: Int = 0
    ) {
        self.key = key
        self.channel = channel
        self.hlc = hlc
        self.text = text
        self.replyTo = replyTo
        self.threadRoot = threadRoot
        self.replyCount = replyCount
    }
}

/// A peer this node has had a link with.
public struct PeerRecord: Sendable, Equatable {
    public var nodeID: [UInt8]
    public var displayName: String
    public var address: String
    public var lastSeen: Double

    public init(nodeID: [UInt8], displayName: String, address: String, lastSeen: Double) {
        self.nodeID = nodeID
        self.displayName = displayName
        self.address = address
        self.lastSeen = lastSeen
    }
}
