import HearthNode
import HearthStore

/// The SQL of what happens to a message after it is posted: edits, deletes, mentions, reactions
/// and pins.
extension StoreContext {
    // MARK: Edits and deletes

    /// Shows `text` as the message's text from `version` on (an edit).
    /// - Returns: the search index shard that held the replaced text, to purge.
    func setMessageText(
        _ key: OpKey, text: String, version: MessageRecord.Version, mentions: MentionSet
    ) throws -> Int64? {
        try execute(
            """
            UPDATE chat_message SET text = ?, version_hlc = ?, version_seq = ?, version_idx = ?, edited_hlc = ?,
                mentions_here = ?, mentions_channel = ?
            WHERE author = ? AND seq = ? AND idx = ?
            """,
            [
                text, version.hlc, version.seq, version.index, version.hlc, mentions.here, mentions.channel,
                key.author, key.seq, key.index,
            ])
        try execute(
            "DELETE FROM chat_mention WHERE author = ? AND seq = ? AND idx = ?", [key.author, key.seq, key.index])
        try saveMentions(of: key, mentions.members)
        return text.isEmpty ? try unindex(key) : try index(key, text: text)
    }

    /// Empties a deleted message: no text, mentions, reactions or pin are left, only its place.
    /// - Returns: the search index shard that held its text, to purge.
    func markDeleted(_ key: OpKey) throws -> Int64? {
        let where_ = "WHERE author = ? AND seq = ? AND idx = ?"
        let arguments: [any SQLBindable] = [key.author, key.seq, key.index]
        try execute(
            "UPDATE chat_message SET text = '', deleted = 1, mentions_here = 0, mentions_channel = 0 " + where_,
            arguments)
        try execute("DELETE FROM chat_mention " + where_, arguments)
        try execute("DELETE FROM chat_reaction " + where_, arguments)
        try execute("DELETE FROM chat_pin " + where_, arguments)
        return try unindex(key)
    }

    // MARK: Mentions

    func saveMentions(of key: OpKey, _ members: [[UInt8]]) throws {
        for member in Set(members) {
            try execute(
                "INSERT OR IGNORE INTO chat_mention (author, seq, idx, member) VALUES (?, ?, ?, ?)",
                [key.author, key.seq, key.index, member])
        }
    }

    /// The members a message mentions by id, in byte order.
    func mentionedMembers(of key: OpKey) throws -> [[UInt8]] {
        try rows(
            "SELECT member FROM chat_mention WHERE author = ? AND seq = ? AND idx = ? ORDER BY member",
            [key.author, key.seq, key.index]
        ).map { $0.bytes("member") }
    }

    // MARK: Reactions

    /// Every reaction row of a message, present or removed.
    func reactions(of key: OpKey) throws -> [ReactionRecord] {
        try rows(
            "SELECT * FROM chat_reaction WHERE author = ? AND seq = ? AND idx = ? ORDER BY hlc, reactor",
            [key.author, key.seq, key.index]
        ).map { row in
            ReactionRecord(
                emoji: row.string("emoji"), reactor: row.bytes("reactor"), hlc: row.uint64("hlc"),
                opSeq: row.uint64("op_seq"), opIndex: UInt32(row.int64("op_idx")), present: row.int("present") != 0)
        }
    }

    /// Stores a member's reaction if its op is later than the one stored for that
    /// (message, emoji, member); returns whether it changed anything.
    func saveReaction(_ reaction: ReactionRecord, on key: OpKey) throws -> Bool {
        let stored = try row(
            "SELECT hlc, op_seq, op_idx, present FROM chat_reaction WHERE author = ? AND seq = ? AND idx = ? AND emoji = ? AND reactor = ?",
            [key.author, key.seq, key.index, reaction.emoji, reaction.reactor])
        if let stored,
            (stored.uint64("hlc"), stored.uint64("op_seq"), UInt32(stored.int64("op_idx")))
                >= (reaction.hlc, reaction.opSeq, reaction.opIndex)
        {
            return false
        }
        try execute(
            """
            INSERT OR REPLACE INTO chat_reaction (author, seq, idx, emoji, reactor, present, hlc, op_seq, op_idx)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                key.author, key.seq, key.index, reaction.emoji, reaction.reactor, reaction.present, reaction.hlc,
                reaction.opSeq, reaction.opIndex,
            ])
        return stored.map { ($0.int("present") != 0) != reaction.present } ?? reaction.present
    }

    // MARK: Pins

    /// Stores a pin or unpin if it is later than the stored one by (hlc, member, seq, index);
    /// returns whether the message's pinned state changed.
    func savePin(
        _ key: OpKey, channel: String, pinned: Bool, hlc: UInt64, pinner: [UInt8], opSeq: UInt64, opIndex: UInt32
    ) throws -> Bool {
        let stored = try row(
            "SELECT pinned, hlc, pinner, op_seq, op_idx FROM chat_pin WHERE author = ? AND seq = ? AND idx = ?",
            [key.author, key.seq, key.index])
        if let stored,
            (
                stored.uint64("hlc"), stored.bytes("pinner").lexicographicKey, stored.uint64("op_seq"),
                UInt32(stored.int64("op_idx"))
            ) >= (hlc, pinner.lexicographicKey, opSeq, opIndex)
        {
            return false
        }
        try execute(
            """
            INSERT OR REPLACE INTO chat_pin (author, seq, idx, channel, pinned, hlc, pinner, op_seq, op_idx)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [key.author, key.seq, key.index, channel, pinned, hlc, pinner, opSeq, opIndex])
        return stored.map { ($0.int("pinned") != 0) != pinned } ?? pinned
    }

    func isPinned(_ key: OpKey) throws -> Bool {
        try row(
            "SELECT pinned FROM chat_pin WHERE author = ? AND seq = ? AND idx = ?", [key.author, key.seq, key.index])?
            .int("pinned") == 1
    }

    func pinCount(channel: String) throws -> Int {
        try row("SELECT count(*) AS n FROM chat_pin WHERE channel = ? AND pinned = 1", [channel])?.int("n") ?? 0
    }

    /// The pinned messages of a channel, in channel order.
    func pinnedMessages(channel: String) throws -> [MessageRecord] {
        let keys = try rows("SELECT author, seq, idx FROM chat_pin WHERE channel = ? AND pinned = 1", [channel]).map {
            OpKey(author: $0.bytes("author"), seq: $0.uint64("seq"), index: UInt32($0.int64("idx")))
        }
        return try keys.compactMap { try message($0) }.sorted {
            ($0.hlc, $0.key.author.lexicographicKey, $0.key.seq, $0.key.index)
                < ($1.hlc, $1.key.author.lexicographicKey, $1.key.seq, $1.key.index)
        }
    }
}
