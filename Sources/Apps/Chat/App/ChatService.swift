import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthNode
import HearthStore

extension Node {
    /// This node's chat: what the API and the CLI call.
    public nonisolated var chat: ChatService { ChatService(node: self) }
}

/// Chat on one node: reads the chat tables, and turns user actions into signed ops.
public struct ChatService: Sendable {
    public let node: Node

    /// Every channel, by name.
    /// - Throws: `NodeError.storage` on a database failure.
    public func channels() throws -> [ChatChannel] {
        try node.read { context in
            let counts = try context.messageCounts()
            return try context.channels().map { try ChatChannel($0, messages: counts[$0.name] ?? 0) }
        }
    }

    /// Renames this node: everywhere at once (its messages, mentions and presence show the new
    /// name on every node), and for later starts without `--name`.
    /// - Throws: `NodeError.invalidArgument` for a name that breaks the display name rules.
    public func rename(_ rawName: String) async throws -> ChatMember {
        let name = try ChatLimits.displayName(rawName)
        try await node.rename(to: name)
        let known = try node.read { try $0.profileName(author: node.identity.id.bytes) }
        if known != name { _ = try await node.commit([ChatApp.profileOp(name: name, author: node.identity.id)]) }
        return ChatMember(id: node.identity.id.description, name: name)
    }

    /// How many messages (in every channel and conversation this node reads) were written since `date`.
    public func messageCount(since date: Date) throws -> Int {
        let hlc = UInt64(max(0, date.timeIntervalSince1970 * 1000)) << 16
        return try node.read { try $0.messageCount(since: hlc) }
    }

    /// Whether channel `name` exists (any case, with or without `#`).
    /// - Throws: `NodeError.invalidArgument` for a name that is not a channel name.
    public func channelExists(_ rawName: String) throws -> Bool {
        let name = try ChatLimits.channelName(rawName)
        return try node.read { try $0.channel(named: name) } != nil
    }

    /// Creates `name` (nothing new if it exists) and sets its topic when one is given.
    /// - Throws: `NodeError.invalidArgument` / `.tooLarge` for a bad name or topic, or a name
    ///   with capitals (channel names are lowercase; the message names the lowercase form).
    public func createChannel(_ rawName: String, topic: String?) async throws -> ChatChannel {
        let name = try ChatLimits.channelName(rawName)
        let given = rawName.hasPrefix("#") ? String(rawName.dropFirst()) : rawName
        guard given == name else {
            throw NodeError(
                .invalidArgument, "channel names are lowercase: create '\(name)' instead of '\(given.prefix(80))'")
        }
        let existing = try node.read { try $0.channel(named: name) }
        var ops: [NewOp] = []
        if existing == nil { ops.append(try ChatApp.channelOp(name, .create(.with { $0.name = name }))) }
        if let topic, topic != existing?.topic {
            let checked = try ChatLimits.topic(topic)
            ops.append(try ChatApp.channelOp(name, .topic(.with { $0.topic = checked })))
        }
        if !ops.isEmpty {
            let deps = existing.flatMap(Self.creatorKey).map { [$0] } ?? []
            _ = try await node.commit(ops, deps: deps)
        }
        return try node.read { context in
            guard let record = try context.channel(named: name) else {
                throw NodeError(.storage, "the channel '\(name)' was not stored")
            }
            return try ChatChannel(record, messages: context.messageCount(channel: name))
        }
    }

    /// Posts `text` to `channel`, optionally as a reply; returns the stored message.
    /// - Throws: `NodeError.notFound` for an unknown channel or message, `.invalidArgument` /
    ///   `.tooLarge` for bad text, `.storage` on a database failure.
    public func post(channel rawChannel: String, text: String, replyTo: String?) async throws -> ChatMessage {
        let channelName = try ChatLimits.channelName(rawChannel)
        _ = try ChatLimits.messageText(text)
        let (storedText, mentions) = try await resolveMentions(text)
        let checkedText = try ChatLimits.messageText(storedText)
        guard let channel = try node.read({ try $0.channel(named: channelName) }) else {
            throw NodeError(
                .notFound, "there is no channel '\(channelName)'; create it with: hearth chat create \(channelName)")
        }
        var deps = Self.creatorKey(channel).map { [$0] } ?? []
        var post = ChatPost()
        if mentions != MentionSet() { post.mentions = mentions.wire }
        if let replyTo {
            let parent = try resolveMessage(replyTo)
            guard parent.channel == channelName else {
                throw NodeError(
                    .invalidArgument, "message \(replyTo) is in channel '\(parent.channel)', not '\(channelName)'")
            }
            post.replyTo = .with {
                $0.author = Data(parent.key.author)
                $0.seq = parent.key.seq
                $0.index = parent.key.index
            }
            if let author = try? NodeID(bytes: parent.key.author) {
                deps.append(ChangeKey(author: author, seq: parent.key.seq))
            }
        }
        let op = try ChatApp.channelOp(channelName, .post(post), payload: Array(checkedText.utf8))
        let change = try await node.commit([op], deps: deps)
        let key = OpKey(author: change.author.bytes, seq: change.seq, index: 0)
        return try message(key)
    }

    /// The stored message `key`, as the API shows it.
    func message(_ key: OpKey) throws -> ChatMessage {
        try node.read { context in
            guard let record = try context.message(key) else {
                throw NodeError(.storage, "the message was not stored")
            }
            return try ChatMessage(record, in: context)
        }
    }

    /// Up to `limit` messages of `channel` before message `before` (or the latest), oldest first.
    /// - Throws: `NodeError.notFound` for an unknown channel or message.
    public func messages(channel rawChannel: String, limit: Int, before: String?) throws -> [ChatMessage] {
        let channelName = try ChatLimits.channelName(rawChannel)
        guard (1...1000).contains(limit) else {
            throw NodeError(.invalidArgument, "the limit must be between 1 and 1000, got \(limit)")
        }
        guard try node.read({ try $0.channel(named: channelName) }) != nil else {
            throw NodeError(.notFound, "there is no channel '\(channelName)'")
        }
        let anchor = try before.map(resolveMessage)
        if let anchor, anchor.channel != channelName {
            throw NodeError(
                .invalidArgument, "message \(before ?? "") is in channel '\(anchor.channel)', not '\(channelName)'")
        }
        return try node.read { context in
            try context.messages(channel: channelName, before: anchor, limit: limit).map {
                try ChatMessage($0, in: context)
            }
        }
    }

    /// The thread a message belongs to: its root and every reply, oldest first.
    /// - Throws: `NodeError.notFound` for an unknown message.
    public func thread(of id: String) throws -> ChatThread {
        let message = try resolveMessage(id)
        let rootKey = message.threadRoot ?? message.key
        return try node.read { context in
            guard let root = try context.message(rootKey) else {
                throw NodeError(.notFound, "the thread root of \(id) is missing")
            }
            return ChatThread(
                root: try ChatMessage(root, in: context),
                replies: try context.thread(root: rootKey).map { try ChatMessage($0, in: context) })
        }
    }

    /// Finds a message by its textual id.
    func resolveMessage(_ text: String) throws -> MessageRecord {
        let parsed = try MessageID.parse(text)
        let matches = try node.read { try $0.messages(seq: parsed.seq, index: parsed.index) }.filter {
            Base32.encode($0.key.author).hasPrefix(parsed.authorPrefix)
        }
        guard let match = matches.first else { throw NodeError(.notFound, "there is no message \(text)") }
        guard matches.count == 1 else {
            throw NodeError(.invalidArgument, "\(text) matches several messages; give a longer author prefix")
        }
        return match
    }

    static func creatorKey(_ channel: ChannelRecord) -> ChangeKey? {
        (try? NodeID(bytes: channel.creator)).map { ChangeKey(author: $0, seq: channel.creatorSeq) }
    }
}

extension ChatChannel {
    init(_ record: ChannelRecord, messages: Int) throws {
        let creator = try NodeID(bytes: record.creator)
        self.init(
            name: record.name, topic: record.topic,
            created: Date(timeIntervalSince1970: Double(record.createdHLC >> 16) / 1000),
            createdBy: creator.description, messages: messages)
    }
}
