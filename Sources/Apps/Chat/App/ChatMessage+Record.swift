import Foundation
import HearthChatModels
import HearthCrypto
import HearthNode
import HearthStore

extension ChatMessage {
    /// A stored message as the API shows it: mentions rendered with current names, its reactions
    /// (the first `ChatLimits.maxDistinctReactions` distinct ones, by their earliest reaction) and
    /// whether it is pinned. A message just posted (`justPosted`) has no reactions, no pin, and the
    /// mentions of its record: nothing is read for them (a post's event is built on the hot path).
    init(_ record: MessageRecord, in store: StoreContext, justPosted: Bool = false) throws {
        let author = try NodeID(bytes: record.key.author)
        var names: [NodeID: String] = [:]
        func name(_ id: NodeID) -> String? {
            if let known = names[id] { return known }
            let found = (try? store.profileName(author: id.bytes)) ?? nil
            names[id] = found ?? id.short
            return found
        }
        let mentioned = (justPosted ? record.mentions.members : try store.mentionedMembers(of: record.key))
            .compactMap { try? NodeID(bytes: $0) }
        let textIDs = mentioned.isEmpty ? [] : Set(MentionText.ids(in: record.text))
        let reactions =
            justPosted ? [] : Self.reactions(try store.reactions(of: record.key)) { id in name(id) ?? id.short }
        self.init(
            id: try MessageID(record.key).description, channel: record.channel, author: author.description,
            authorName: record.authorName ?? author.short, text: MentionText.render(record.text, name: name),
            time: Self.date(record.hlc), hlc: record.hlc,
            replyTo: try record.replyTo.map { try MessageID($0).description },
            threadRoot: try record.threadRoot.map { try MessageID($0).description }, replies: record.replyCount,
            edited: record.editedHLC.map(Self.date), deleted: record.deleted, reactions: reactions,
            pinned: justPosted ? false : try store.isPinned(record.key),
            mentions: mentioned.filter(textIDs.contains).map {
                ChatMember(id: $0.description, name: name($0) ?? $0.short)
            },
            mentionsHere: record.mentions.here, mentionsChannel: record.mentions.channel)
    }

    static func date(_ hlc: UInt64) -> Date { Date(timeIntervalSince1970: Double(hlc >> 16) / 1000) }

    private static func reactions(_ rows: [ReactionRecord], name: (NodeID) -> String) -> [ChatReaction] {
        // Keyed by bytes: Swift's String equality would merge canonically equivalent emoji that
        // the tables (and every other node) keep apart.
        var byEmoji: [[UInt8]: (first: UInt64, members: [NodeID])] = [:]
        for row in rows where row.present {
            guard let id = try? NodeID(bytes: row.reactor) else { continue }
            let bytes = Array(row.emoji.utf8)
            var entry = byEmoji[bytes] ?? (row.hlc, [])
            entry.first = min(entry.first, row.hlc)
            entry.members.append(id)
            byEmoji[bytes] = entry
        }
        return byEmoji.sorted { a, b in
            a.value.first != b.value.first ? a.value.first < b.value.first : a.key.lexicographicallyPrecedes(b.key)
        }
        .prefix(ChatLimits.maxDistinctReactions)
        .map { emoji, entry in
            ChatReaction(
                emoji: String(decoding: emoji, as: UTF8.self), count: entry.members.count,
                members: entry.members.sorted().map { ChatMember(id: $0.description, name: name($0)) })
        }
    }
}
