import HearthNode
import HearthStore

/// A chat channel's materialised state.
struct ChannelRecord: Sendable, Equatable {
    var object: ObjectID
    var name: String
    var topic: String
    var topicHLC: UInt64
    var topicAuthor: [UInt8]
    var createdHLC: UInt64
    /// The change that created the channel first (smallest (hlc, author)); posts depend on it.
    var creator: [UInt8]
    var creatorSeq: UInt64
}

/// A chat message's materialised state.
struct MessageRecord: Sendable, Equatable {
    var key: OpKey
    var channel: String
    var hlc: UInt64
    var text: String
    var replyTo: OpKey?
    /// The first message of the thread this one belongs to (nil for a top-level message).
    var threadRoot: OpKey?
    /// Number of messages in this message's thread (0 unless it is a thread root).
    var replyCount: Int = 0
    /// The author's display name when read back (nil before the author's profile arrived).
    var authorName: String? = nil
}
