import Foundation
import HearthChatModels
import HearthCrypto
import HearthNode
import HearthStore

/// Materialises chat ops into the chat tables. Deterministic: the same ops in any causal order
/// give the same tables on every node. Rules: `Protocol/apps/chat.md`.
struct ChatApplier {
    let transaction: AppTransaction
    /// True when applying the opened content of a `chat.dm` op: its ops may name only a
    /// conversation, and a channel op only a channel (a conversation's row is named `@…`).
    var inConversation = false
    var store: StoreContext { transaction.store }

    func applyProfile(_ profile: ChatProfileOp, _ op: AppOp) throws {
        guard let name = try? ChatLimits.displayName(profile.displayName), name == profile.displayName else {
            throw AppRejection("a profile with an invalid display name")
        }
        try store.setProfileName(author: op.author.bytes, name: name, hlc: op.hlc)
        transaction.forget(MemoKey.profile(op.author))
    }

    func applyChannel(_ channelOp: ChatChannelOp, _ op: AppOp) throws {
        switch channelOp.action {
        case .create(let create):
            try applyCreate(name: create.name, op)
        case .topic(let set):
            guard !inConversation, var channel = try createdChannel(op) else {
                throw AppRejection("a topic for an unknown channel")
            }
            guard (try? ChatLimits.topic(set.topic)) != nil else { throw AppRejection("an invalid topic") }
            if (op.hlc, op.author.bytes.lexicographicKey) > (channel.topicHLC, channel.topicAuthor.lexicographicKey) {
                channel.topic = set.topic
                channel.topicHLC = op.hlc
                channel.topicAuthor = op.author.bytes
                try store.saveChannel(channel)
                transaction.forget(MemoKey.channel(op.object))
                try emitChannel(channel)
            }
        case .post(let post):
            try applyPost(post, op)
        case .edit(let edit):
            try applyEdit(edit, op)
        case .delete(let delete):
            try applyDelete(delete, op)
        case .react(let react):
            try applyReact(react, op)
        case .pin(let pin):
            try applyPin(pin, op)
        case nil:
            // Fields this version does not know: an action a later version added.
            guard channelOp.unknownFields.data.isEmpty else {
                throw AppDeferral("a channel op of an action this version does not know")
            }
            throw AppRejection("a channel op with no action")
        }
    }

    private func applyCreate(name: String, _ op: AppOp) throws {
        guard let valid = try? ChatLimits.channelName(name), valid == name else {
            throw AppRejection("an invalid channel name '\(name.prefix(100))'")
        }
        guard op.object == ObjectID.named(name, kind: ChatApp.channelKind) else {
            throw AppRejection("a channel creation on an object that is not its name's")
        }
        let existing = try store.channel(object: op.object)
        var channel =
            existing
            ?? ChannelRecord(
                object: op.object, name: name, topic: "", topicHLC: 0, topicAuthor: [], createdHLC: op.hlc,
                creator: op.author.bytes, creatorSeq: op.key.seq)
        if (op.hlc, op.author.bytes.lexicographicKey) < (channel.createdHLC, channel.creator.lexicographicKey) {
            channel.createdHLC = op.hlc
            channel.creator = op.author.bytes
            channel.creatorSeq = op.key.seq
        }
        try store.execute(
            "INSERT OR IGNORE INTO chat_channel_creation (object, author, seq, idx) VALUES (?, ?, ?, ?)",
            [op.object.bytes, op.key.author, op.key.seq, op.key.index])
        transaction.forget(MemoKey.creations(op.object))
        // A second creation of a channel that changes nothing is stored and shown as nothing.
        guard existing != channel else { return }
        try store.saveChannel(channel)
        transaction.forget(MemoKey.channel(op.object))
        try emitChannel(channel)
    }

    /// The channel an op is in, if the op follows one of the channel's creations (its change lists
    /// one as a dep, or its author made one before it): then every node holds the channel when it
    /// applies the op. A conversation needs no creation.
    func createdChannel(_ op: AppOp) throws -> ChannelRecord? {
        guard let channel = try channel(op.object) else { return nil }
        if inConversation { return channel }
        let creations = try transaction.memo(MemoKey.creations(op.object)) { try store.creations(of: op.object) }
        guard creations.contains(where: op.follows) else {
            throw AppRejection("an op in channel '\(channel.name)' whose change lists none of its creations as a dep")
        }
        return channel
    }

    /// The channel of `object`, looked up once per transaction (a batch of posts shares it).
    func channel(_ object: ObjectID) throws -> ChannelRecord? {
        let found = try transaction.memo(MemoKey.channel(object)) { try store.channel(object: object) }
        guard let found, found.name.hasPrefix("@") == inConversation else { return nil }
        return found
    }

    func applyPost(_ post: ChatPost, _ op: AppOp) throws {
        guard let channel = try createdChannel(op) else {
            throw AppRejection("a message for an unknown channel")
        }
        let text = try Self.text(of: op)
        let mentions = try Self.mentions(post.hasMentions ? post.mentions : nil)
        var replyTo: OpKey?
        var root: OpKey?
        if post.hasReplyTo {
            let target = OpKey(author: [UInt8](post.replyTo.author), seq: post.replyTo.seq, index: post.replyTo.index)
            guard op.follows(target) else {
                throw AppRejection("a reply whose change does not list the message replied to as a dep")
            }
            guard let parent = try store.message(target), parent.channel == channel.name else {
                if try store.isDeferred(target) { throw AppDeferral("a reply to a message kept for a later version") }
                throw AppRejection("a reply to a message that is not in channel '\(channel.name)'")
            }
            replyTo = target
            root = parent.threadRoot ?? target
        }
        let record = MessageRecord(
            key: op.key, channel: channel.name, hlc: op.hlc, text: text, replyTo: replyTo, threadRoot: root,
            mentions: mentions)
        try store.insertMessage(record, indexNow: transaction.changeCount >= Self.inlineIndexThreshold)
        try notifyIfWanted(record, op)
        if transaction.wantsEvents {
            var shown = record
            shown.authorName = try transaction.memo(MemoKey.profile(op.author)) {
                try store.profileName(author: op.author.bytes)
            }
            transaction.emit(
                AppEvent(
                    type: "chat.message", key: "message", value: try ChatMessage(shown, in: store, justPosted: true)))
        }
    }

    /// The text of a post or an edit: its payload, checked; empty when the payload is missing
    /// (redacted, or withheld by every peer so far).
    static func text(of op: AppOp) throws -> String {
        switch op.payload {
        case .present(let bytes):
            guard let decoded = String(validating: bytes, as: UTF8.self), (try? ChatLimits.messageText(decoded)) != nil
            else { throw AppRejection("a message whose text breaks the text rules") }
            return decoded
        case .missing: return ""
        case .none: throw AppRejection("a \(op.kind) op without a text payload")
        }
    }

    /// A message's mentions, checked: at most `ChatLimits.maxMentions` members of 32 bytes each.
    static func mentions(_ wire: ChatMentions?) throws -> MentionSet {
        guard let wire else { return MentionSet() }
        guard wire.members.count <= ChatLimits.maxMentions, wire.members.allSatisfy({ $0.count == 32 }) else {
            throw AppRejection("a message mentioning more than \(ChatLimits.maxMentions) members or a malformed id")
        }
        return MentionSet(members: wire.members.map { [UInt8]($0) }, here: wire.here, channel: wire.channel)
    }

    /// New messages wait for the background indexer (`SearchIndexer`), so a transaction of a few
    /// does not write an index segment of its own; a transaction of this many changes or more (a
    /// catch-up) indexes its messages itself, one segment for all, as the indexer would.
    static let inlineIndexThreshold = 64

    /// Shows a channel that changed to those listening; its message count is one index range
    /// count, and only channel ops (creations, topics) ask for it.
    private func emitChannel(_ channel: ChannelRecord) throws {
        guard transaction.wantsEvents else { return }
        let count = try store.messageCount(channel: channel.name)
        transaction.emit(
            AppEvent(type: "chat.channel", key: "channel", value: try ChatChannel(channel, messages: count)))
    }
}

extension Array where Element == UInt8 {
    /// A comparable form for tie-breaking by author id: byte by byte, a prefix first (the order
    /// of the ids' hex strings, without building them).
    var lexicographicKey: LexicographicBytes { LexicographicBytes(bytes: self) }
}

/// Bytes ordered byte by byte, a prefix before what it begins.
struct LexicographicBytes: Comparable {
    let bytes: [UInt8]

    static func < (a: LexicographicBytes, b: LexicographicBytes) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// What the chat app keeps per transaction (`AppTransaction.memo`).
enum MemoKey: Hashable {
    case channel(ObjectID)
    case profile(NodeID)
    case joined
    case creations(ObjectID)
    case searchPurge(Int64)
    case readMarker(String)
    case notifyLevel(String)
}
