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
    /// The op whose text the message shows: the post, or its latest edit (same author).
    var version: Version? = nil
    /// When the shown edit was made; nil if never edited.
    var editedHLC: UInt64? = nil
    var deleted = false
    var mentions = MentionSet()

    /// The op whose text a message shows, ordered by (hlc, seq, index).
    struct Version: Sendable, Equatable, Comparable {
        var hlc: UInt64
        var seq: UInt64
        var index: UInt32
        static func < (a: Version, b: Version) -> Bool { (a.hlc, a.seq, a.index) < (b.hlc, b.seq, b.index) }
    }

    /// Whether it belongs to a direct conversation rather than a channel.
    var isDirect: Bool { channel.hasPrefix("@") }

    var currentVersion: Version { version ?? Version(hlc: hlc, seq: key.seq, index: key.index) }
    /// The op that holds the shown text.
    var currentVersionKey: OpKey { OpKey(author: key.author, seq: currentVersion.seq, index: currentVersion.index) }
}

/// Whom a message mentions: member ids (32 bytes each), and whether it says @here or @channel.
struct MentionSet: Sendable, Equatable {
    var members: [[UInt8]] = []
    var here = false
    var channel = false
}

/// One reaction of one member on one message.
struct ReactionRecord: Sendable, Equatable {
    var emoji: String
    var reactor: [UInt8]
    /// The reaction's last op: the later one wins.
    var hlc: UInt64
    var opSeq: UInt64
    var opIndex: UInt32
    var present: Bool
}
