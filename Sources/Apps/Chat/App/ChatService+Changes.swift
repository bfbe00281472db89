import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthNode
import HearthStore

/// Edits, deletes, reactions, pins and mentions, as a user makes them on this node.
extension ChatService {
    /// Replaces the text of one of this node's own messages.
    /// - Throws: `NodeError.notFound` for an unknown message, `.permissionDenied` for another
    ///   author's or a deleted message, `.invalidArgument` / `.tooLarge` for bad text.
    public func edit(_ id: String, text: String) async throws -> ChatMessage {
        let message = try ownMessage(id, doing: "edit")
        _ = try ChatLimits.messageText(text)
        let (stored, mentions) = try await resolveMentions(text)
        let checked = try ChatLimits.messageText(stored)
        var edit = ChatEdit()
        edit.target = Self.ref(message.key)
        if mentions != MentionSet() { edit.mentions = mentions.wire }
        try await commitChange(on: message, .edit(edit), text: checked, kind: .edit)
        return try self.message(message.key)
    }

    /// Deletes one of this node's own messages: its text is dropped here and on every node that
    /// applies the delete, and it keeps its place (and its thread) as a deleted message.
    /// - Throws: `NodeError.notFound`, or `.permissionDenied` for another author's message.
    public func delete(_ id: String) async throws -> ChatMessage {
        let message = try resolveMessage(id)
        guard message.key.author == node.identity.id.bytes else {
            throw NodeError(.permissionDenied, "message \(id) is not yours: only its author can delete it")
        }
        if !message.deleted {
            try await commitChange(on: message, .delete(.with { $0.target = Self.ref(message.key) }), kind: .delete)
        }
        return try self.message(message.key)
    }

    /// Toggles this node's reaction `emoji` on a message (or sets it, when `add` is given).
    /// - Throws: `NodeError.notFound`, `.invalidArgument` for a bad emoji, a deleted message,
    ///   or a message that already shows the most distinct reactions.
    public func react(_ id: String, emoji rawEmoji: String, add: Bool? = nil) async throws -> ChatMessage {
        let emoji = try ChatLimits.reaction(rawEmoji)
        let message = try resolveMessage(id)
        guard !message.deleted else { throw NodeError(.invalidArgument, "message \(id) was deleted") }
        let me = node.identity.id.bytes
        let rows = try node.read { try $0.reactions(of: message.key) }
        let mine = rows.contains { $0.emoji == emoji && $0.reactor == me && $0.present }
        let adding = add ?? !mine
        if adding == mine { return try self.message(message.key) }
        let shown = Set(rows.filter(\.present).map(\.emoji))
        if adding, !shown.contains(emoji), shown.count >= ChatLimits.maxDistinctReactions {
            throw NodeError(
                .invalidArgument,
                "message \(id) already has \(ChatLimits.maxDistinctReactions) different reactions: add one of those")
        }
        let react = ChatReact.with {
            $0.target = Self.ref(message.key)
            $0.emoji = emoji
            $0.add = adding
        }
        try await commitChange(on: message, .react(react), kind: .react)
        return try self.message(message.key)
    }

    /// Pins or unpins a message of its channel (any member may).
    /// - Throws: `NodeError.notFound`, `.invalidArgument` for a deleted message or a channel
    ///   with the most pins already.
    public func pin(_ id: String, pinned: Bool) async throws -> ChatMessage {
        let message = try resolveMessage(id)
        guard !message.deleted else { throw NodeError(.invalidArgument, "message \(id) was deleted") }
        guard !message.isDirect else { throw NodeError(.invalidArgument, "pins are for channels, not direct messages") }
        let (isPinned, count) = try node.read {
            (try $0.isPinned(message.key), try $0.pinCount(channel: message.channel))
        }
        if isPinned == pinned { return try self.message(message.key) }
        if pinned, count >= ChatLimits.maxPins {
            throw NodeError(
                .invalidArgument, "#\(message.channel) has \(ChatLimits.maxPins) pins already: unpin one first")
        }
        let pin = ChatPin.with {
            $0.target = Self.ref(message.key)
            $0.pinned = pinned
        }
        _ = try await node.commit([try ChatApp.channelOp(message.channel, .pin(pin))], deps: Self.deps(on: message))
        return try self.message(message.key)
    }

    /// The pinned messages of a channel, in channel order.
    /// - Throws: `NodeError.notFound` for an unknown channel.
    public func pins(channel rawChannel: String) throws -> [ChatMessage] {
        let name = try ChatLimits.channelName(rawChannel)
        return try node.read { context in
            guard try context.channel(named: name) != nil else {
                throw NodeError(.notFound, "there is no channel '\(name)'")
            }
            return try context.pinnedMessages(channel: name).map { try ChatMessage($0, in: context) }
        }
    }

    /// The stored text and mentions of what a user typed: names and id prefixes of known members
    /// become `<@ID>`; `@here` also mentions every member online now (this node excepted).
    func resolveMentions(_ typed: String) async throws -> (String, MentionSet) {
        guard typed.contains("@") else { return (typed, MentionSet()) }
        let profiles = try node.read { try $0.profiles() }
        let candidates = profiles.compactMap { row in
            (try? NodeID(bytes: row.author)).map { MentionText.Candidate(id: $0, name: row.name) }
        }
        var (text, mentions) = try MentionText.resolve(typed, among: candidates)
        if mentions.here {
            let online = await node.presence().filter { !$0.isSelf && $0.status == "online" }
            for entry in online {
                if let id = try? NodeID(base32: entry.id), !mentions.members.contains(id.bytes) {
                    mentions.members.append(id.bytes)
                }
            }
        }
        mentions.members = Array(mentions.members.prefix(ChatLimits.maxMentions))
        text = text.isEmpty ? typed : text
        return (text, mentions)
    }

    /// Signs one change of `message`: a channel op, or in a conversation the same op sealed to its
    /// members, which also names the text it replaces (an edit's or a delete's) for every node to drop.
    private func commitChange(
        on message: MessageRecord, _ action: ChatChannelOp.OneOf_Action, text: String? = nil, kind: ChatDirectKind
    ) async throws {
        let deps = try Self.deps(on: message)
        guard message.isDirect else {
            let op = try ChatApp.channelOp(message.channel, action, payload: text.map { Array($0.utf8) })
            _ = try await node.commit([op], deps: deps)
            return
        }
        guard let conversation = try node.read({ try $0.direct(named: message.channel) }) else {
            throw NodeError(.storage, "the conversation of message \(try MessageID(message.key)) is not stored")
        }
        let replaces = kind == .edit || kind == .delete ? message.currentVersionKey : nil
        let op = try ChatApp.directOp(
            conversation, kind: kind,
            content: .with {
                $0.op = .with { $0.action = action }
                $0.text = text ?? ""
            }, redacts: replaces, author: node.identity.id)
        _ = try await node.commit([op], deps: deps)
    }

    /// A message of this node's own that is not deleted.
    private func ownMessage(_ id: String, doing action: String) throws -> MessageRecord {
        let message = try resolveMessage(id)
        guard message.key.author == node.identity.id.bytes else {
            throw NodeError(.permissionDenied, "message \(id) is not yours: only its author can \(action) it")
        }
        guard !message.deleted else { throw NodeError(.invalidArgument, "message \(id) was deleted") }
        return message
    }

    static func ref(_ key: OpKey) -> ChatOpRef {
        .with {
            $0.author = Data(key.author)
            $0.seq = key.seq
            $0.index = key.index
        }
    }

    /// An op on a message depends on the message's change (so receivers apply it first) and on
    /// the channel's creation.
    private static func deps(on message: MessageRecord) throws -> [ChangeKey] {
        [ChangeKey(author: try NodeID(bytes: message.key.author), seq: message.key.seq)]
    }
}

extension MentionSet {
    var wire: ChatMentions {
        .with {
            $0.members = members.map { Data($0) }
            $0.here = here
            $0.channel = channel
        }
    }
}
