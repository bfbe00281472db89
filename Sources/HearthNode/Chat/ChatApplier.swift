import HearthStore
import HearthWire

/// What applying an op changed, for events and caches.
enum AppliedEffect: Sendable {
    case profile(author: [UInt8], name: String)
    case channel(ChannelRecord)
    case message(MessageRecord)
}

/// Materialises chat and profile ops into the store. Deterministic: the same ops in any causal
/// order give the same tables on every node. Rules: `Protocol/apps/chat.md`.
final class ChatApplier {
    /// An op that breaks a rule; the change stays in the log (it is validly signed), the op is skipped.
    struct Rejection: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let context: StoreContext
    /// Channels known to exist in this transaction, so a run of posts looks each up only once.
    private var existingChannels: Set<String> = []

    init(context: StoreContext) { self.context = context }

    /// Applies op `index` of a change by `author` with sequence `seq` and timestamp `hlc`.
    /// - Throws: `Rejection` for an invalid op, or a store error.
    func apply(_ op: WireOp, author: [UInt8], seq: UInt64, index: UInt32, hlc: UInt64) throws -> AppliedEffect? {
        switch op.kind {
        case .profileSet(let profile):
            guard let name = try? ChatLimits.displayName(profile.displayName) else {
                throw Rejection("a profile with an invalid display name")
            }
            try context.setProfileName(author: author, name: name, hlc: hlc)
            return .profile(author: author, name: name)
        case .channelCreate(let create):
            let name = try validChannel(create.channel)
            var channel =
                try context.channel(named: name)
                ?? ChannelRecord(
                    name: name, topic: "", topicHLC: 0, topicAuthor: [], createdHLC: hlc, creator: author,
                    creatorSeq: seq)
            if (hlc, author.lexicographicKey) < (channel.createdHLC, channel.creator.lexicographicKey) {
                channel.createdHLC = hlc
                channel.creator = author
                channel.creatorSeq = seq
            }
            try context.saveChannel(channel)
            return .channel(channel)
        case .channelTopicSet(let set):
            guard var channel = try context.channel(named: try validChannel(set.channel)) else {
                throw Rejection("a topic for the unknown channel '\(set.channel)'")
            }
            guard set.topic.unicodeScalars.count <= ChatLimits.maxTopicScalars else {
                throw Rejection("a topic over \(ChatLimits.maxTopicScalars) characters")
            }
            if (hlc, author.lexicographicKey) > (channel.topicHLC, channel.topicAuthor.lexicographicKey) {
                channel.topic = set.topic
                channel.topicHLC = hlc
                channel.topicAuthor = author
                try context.saveChannel(channel)
            }
            return .channel(channel)
        case .messagePost(let post):
            return .message(try applyPost(post, key: OpKey(author: author, seq: seq, index: index), hlc: hlc))
        case nil:
            return nil  // an op kind from a newer version: kept in the log, not shown
        }
    }

    private func applyPost(_ post: WireMessagePost, key: OpKey, hlc: UInt64) throws -> MessageRecord {
        let channel = try validChannel(post.channel)
        if !existingChannels.contains(channel) {
            guard try context.channel(named: channel) != nil else {
                throw Rejection("a message for the unknown channel '\(post.channel)'")
            }
            existingChannels.insert(channel)
        }
        guard (try? ChatLimits.messageText(post.text)) != nil else {
            throw Rejection("a message that is empty or over \(ChatLimits.maxMessageScalars) characters")
        }
        var replyTo: OpKey?
        var root: OpKey?
        if post.hasReplyTo {
            let target = OpKey(author: [UInt8](post.replyTo.author), seq: post.replyTo.seq, index: post.replyTo.index)
            guard let parent = try context.message(target), parent.channel == channel else {
                throw Rejection("a reply to a message that is not in channel '\(channel)'")
            }
            replyTo = target
            root = parent.threadRoot ?? target
        }
        let record = MessageRecord(
            key: key, channel: channel, hlc: hlc, text: post.text, replyTo: replyTo, threadRoot: root)
        try context.insertMessage(record)
        return record
    }

    private func validChannel(_ raw: String) throws -> String {
        guard let name = try? ChatLimits.channelName(raw), name == raw else {
            throw Rejection("an invalid channel name '\(raw.prefix(100))'")
        }
        return name
    }
}

extension Array where Element == UInt8 {
    /// A comparable form for tie-breaking by author id.
    var lexicographicKey: String { map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined() }
}
