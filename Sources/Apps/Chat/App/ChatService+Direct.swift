import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthNode
import HearthStore

/// Direct and group conversations, as a user uses them on this node.
extension ChatService {
    /// Sends `text` to the members named in `to` (display names or id prefixes, this node added),
    /// sealed so that only they can read it; returns the stored message.
    /// - Throws: `NodeError.notFound` for a name nobody has, `.invalidArgument` for a name several
    ///   members have (listing them), more than 16 members or bad text.
    public func sendDirect(to names: [String], text: String, replyTo: String?) async throws -> ChatMessage {
        _ = try ChatLimits.messageText(text)
        let conversation = try DirectConversation(members: try resolveMembers(names) + [node.identity.id])
        let (stored, mentions) = try await resolveMentions(text)
        let checked = try ChatLimits.messageText(stored)
        var post = ChatPost()
        if mentions != MentionSet() { post.mentions = mentions.wire }
        var deps: [ChangeKey] = []
        var parentKey: OpKey?
        if let replyTo {
            let parent = try resolveMessage(replyTo)
            guard parent.channel == conversation.name else {
                throw NodeError(.invalidArgument, "message \(replyTo) is not in this conversation")
            }
            parentKey = parent.key
            deps.append(ChangeKey(author: try NodeID(bytes: parent.key.author), seq: parent.key.seq))
        }
        let op = try ChatApp.directOp(
            conversation, kind: .post,
            content: .with {
                $0.op = .with { $0.action = .post(post) }
                $0.text = checked
            }, redacts: nil, replyTo: parentKey, author: node.identity.id)
        let change = try await node.commit([op], deps: deps)
        return try message(OpKey(author: change.author.bytes, seq: change.seq, index: 0))
    }

    /// This node's conversations, the latest first.
    public func directs() throws -> [ChatConversation] {
        try node.read { context in
            try context.directs().map { try conversationSummary($0, in: context) }
                .sorted { ($0.lastMessage?.hlc ?? 0, $0.id) > ($1.lastMessage?.hlc ?? 0, $1.id) }
        }
    }

    /// The latest messages of the conversation with the members named in `with` (or of the
    /// conversation id `@…`), oldest first.
    /// - Throws: `NodeError.notFound` when there is no such conversation.
    public func directMessages(with names: [String], limit: Int, before: String?) throws -> [ChatMessage] {
        let name = try conversationName(names)
        guard try node.read({ try $0.direct(named: name) }) != nil else {
            throw NodeError(.notFound, "no messages with \(names.joined(separator: ", ")) yet")
        }
        guard (1...1000).contains(limit) else {
            throw NodeError(.invalidArgument, "the limit must be between 1 and 1000, got \(limit)")
        }
        let anchor = try before.map(resolveMessage)
        return try node.read { context in
            try context.messages(channel: name, before: anchor, limit: limit).map { try ChatMessage($0, in: context) }
        }
    }

    /// The conversation name for the members named (this node added), or an `@…` id as given.
    func conversationName(_ names: [String]) throws -> String {
        if names.count == 1, names[0].hasPrefix("@"), names[0].count == 33 { return names[0] }
        return try DirectConversation(members: try resolveMembers(names) + [node.identity.id]).name
    }

    /// Members by display name (any case) or by 4 or more leading characters of their id.
    /// - Throws: `NodeError.notFound` for a name nobody has, `.invalidArgument` for one that
    ///   several members have, listing them.
    func resolveMembers(_ names: [String]) throws -> [NodeID] {
        var profiles = try node.read { try $0.profiles() }.compactMap { row in
            (try? NodeID(bytes: row.author)).map { (id: $0, name: row.name) }
        }
        if !profiles.contains(where: { $0.id == node.identity.id }) {
            profiles.append((node.identity.id, node.displayName))
        }
        // A conversation's id (`@…`) names its other members.
        var names = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var members: [NodeID] = []
        for name in names where name.hasPrefix("@") {
            guard let conversation = try node.read({ try $0.direct(named: name) }) else {
                throw NodeError(.notFound, "there is no conversation \(name): 'hearth dm list' lists yours")
            }
            members += conversation.members.filter { $0 != node.identity.id }
        }
        names.removeAll { $0.hasPrefix("@") }
        return try members
            + names.map { wanted in
                let lower = wanted.lowercased()
                var matches = profiles.filter { $0.name.lowercased() == lower }
                if matches.isEmpty, lower.count >= 4 {
                    matches = profiles.filter { $0.id.description.hasPrefix(lower) }
                }
                if matches.isEmpty, lower.count == 52, let id = try? NodeID(base32: lower) { return id }
                guard let first = matches.first else {
                    throw NodeError(
                        .notFound, "no member is called '\(wanted)': 'hearth presence' lists who this node knows")
                }
                guard matches.count == 1 else {
                    let listed = matches.map { "\($0.name) (\($0.id.short))" }.joined(separator: ", ")
                    throw NodeError(
                        .invalidArgument, "'\(wanted)' is several members: \(listed); give the start of the id instead")
                }
                return first.id
            }
    }

    func conversationSummary(_ conversation: DirectConversation, in context: StoreContext) throws
        -> ChatConversation
    {
        let latest = try context.messages(channel: conversation.name, before: nil, limit: 1).first
        let others = conversation.members.filter { $0 != node.identity.id }
        return ChatConversation(
            id: conversation.name,
            members: try others.map {
                ChatMember(id: $0.description, name: try context.profileName(author: $0.bytes) ?? $0.short)
            },
            messages: try context.messageCount(channel: conversation.name),
            lastMessage: try latest.map { try ChatMessage($0, in: context) })
    }
}
