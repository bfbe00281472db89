import Foundation
import HearthNode
import HearthStore

/// The full-text index (SQLite FTS5) of every message this node can read: a channel's, or a
/// conversation's it is a member of (stored decrypted only here, as the message is).
///
/// The index is kept in shards of 50,000 messages (`SearchShard`), each an FTS5 table of its own,
/// by search id (the order messages were indexed in). FTS5 keeps a deleted text's words in its
/// older segments until they are merged, so a delete or an edit merges every segment of the
/// shard that held the text (`purgeSearchShard`): that rewrites one shard, not the whole index.
enum SearchShard {
    /// Messages per shard, unless the `search_shard_size` chat setting says otherwise (tests set
    /// it small before anything is indexed; it never changes afterwards).
    static let defaultSize: UInt64 = 50_000

    static func table(_ shard: Int64) -> String { "chat_search_\(shard)" }

    static func create(_ shard: Int64) -> String {
        "CREATE VIRTUAL TABLE IF NOT EXISTS \(table(shard)) USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')"
    }
}

extension StoreContext {
    /// The shard of search id `id` (ids start at 1).
    func searchShard(of id: Int64) throws -> Int64 {
        (id - 1) / Int64(try chatSetting("search_shard_size") ?? SearchShard.defaultSize)
    }

    /// Indexes (or re-indexes) a message's text, mentions shown as `@` and the id.
    /// - Returns: the shard that held an earlier text of the message, to purge.
    @discardableResult func index(_ key: OpKey, text: String) throws -> Int64? {
        let indexed = MentionText.render(text) { $0.description }
        if let existing = try searchID(of: key) {
            let shard = try searchShard(of: existing)
            try execute("DELETE FROM \(SearchShard.table(shard)) WHERE rowid = ?", [existing])
            try execute("INSERT INTO \(SearchShard.table(shard)) (rowid, text) VALUES (?, ?)", [existing, indexed])
            return shard
        }
        let id = Int64(try chatSetting("search_next") ?? 1)
        try setChatSetting("search_next", UInt64(id) + 1)
        let shard = try searchShard(of: id)
        if try id == 1 || shard != searchShard(of: id - 1) { try execute(SearchShard.create(shard)) }
        try execute("INSERT INTO \(SearchShard.table(shard)) (rowid, text) VALUES (?, ?)", [id, indexed])
        try execute(
            "UPDATE chat_message SET search_id = ? WHERE author = ? AND seq = ? AND idx = ?",
            [id, key.author, key.seq, key.index])
        return nil
    }

    /// Queues a new message for the index (`indexWaitingMessages` indexes it). Indexed in
    /// batches, a busy channel costs the index one new segment per batch instead of one per
    /// transaction; a search first indexes what is waiting, so it always sees every message.
    func queueForIndex(_ key: OpKey) throws {
        try execute(
            "INSERT INTO chat_search_waiting (author, seq, idx) VALUES (?, ?, ?)", [key.author, key.seq, key.index])
    }

    /// Indexes up to `limit` waiting messages, in the order they were queued (a message deleted
    /// meanwhile, emptied, or already indexed by an edit is skipped). Returns how many it took.
    func indexWaitingMessages(limit: Int) throws -> Int {
        let waiting = try rows(
            """
            SELECT w.position, w.author, w.seq, w.idx, m.text, m.deleted, m.search_id FROM chat_search_waiting w
            LEFT JOIN chat_message m ON m.author = w.author AND m.seq = w.seq AND m.idx = w.idx
            ORDER BY w.position LIMIT ?
            """, [limit])
        guard let last = waiting.last else { return 0 }
        for row in waiting where !row.isNull("text") && row.int64("deleted") == 0 && row.isNull("search_id") {
            let text = row.string("text")
            guard !text.isEmpty else { continue }
            let key = OpKey(author: row.bytes("author"), seq: row.uint64("seq"), index: UInt32(row.int64("idx")))
            try index(key, text: text)
        }
        try execute("DELETE FROM chat_search_waiting WHERE position <= ?", [last.int64("position")])
        return waiting.count
    }

    /// Whether any message waits for the index.
    func hasMessagesWaitingForIndex() throws -> Bool {
        try row("SELECT 1 AS waiting FROM chat_search_waiting LIMIT 1") != nil
    }

    /// Takes a message out of the index (and out of the queue for it).
    /// - Returns: the shard that held its text, to purge.
    func unindex(_ key: OpKey) throws -> Int64? {
        try execute(
            "DELETE FROM chat_search_waiting WHERE author = ? AND seq = ? AND idx = ?",
            [key.author, key.seq, key.index])
        guard let existing = try searchID(of: key) else { return nil }
        let shard = try searchShard(of: existing)
        try execute("DELETE FROM \(SearchShard.table(shard)) WHERE rowid = ?", [existing])
        try execute(
            "UPDATE chat_message SET search_id = NULL WHERE author = ? AND seq = ? AND idx = ?",
            [key.author, key.seq, key.index])
        return shard
    }

    /// Rewrites one shard of the index without the entries deleted from it, so that no word of a
    /// deleted or replaced text stays in its older segments.
    func purgeSearchShard(_ shard: Int64) throws {
        let table = SearchShard.table(shard)
        try execute("INSERT INTO \(table) (\(table)) VALUES ('optimize')")
    }

    private func searchID(of key: OpKey) throws -> Int64? {
        try row(
            "SELECT search_id FROM chat_message WHERE author = ? AND seq = ? AND idx = ? AND search_id IS NOT NULL",
            [key.author, key.seq, key.index]
        )?.int64("search_id")
    }

    /// Messages matching an FTS5 query, newest indexed first, with a snippet whose matches are
    /// between `«` and `»`: the newest shard first, older ones until `limit` are found.
    func search(_ query: SearchQuery, limit: Int) throws -> [(MessageRecord, String)] {
        let next = Int64(try chatSetting("search_next") ?? 1)
        guard next > 1 else { return [] }
        var found: [(MessageRecord, String)] = []
        for shard in stride(from: try searchShard(of: next - 1), through: 0, by: -1) where found.count < limit {
            found += try search(query, in: SearchShard.table(shard), limit: limit - found.count)
        }
        return found
    }

    private func search(_ query: SearchQuery, in table: String, limit: Int) throws -> [(MessageRecord, String)] {
        var sql = """
            SELECT m.*, p.display_name AS author_name, snippet(\(table), 0, '«', '»', '…', 16) AS snippet
            FROM \(table) s JOIN chat_message m ON m.search_id = s.rowid
            LEFT JOIN chat_profile p ON p.author = m.author
            WHERE \(table) MATCH ?
            """
        var arguments: [any SQLBindable] = [query.match]
        if let channel = query.channel {
            sql += " AND m.channel = ?"
            arguments.append(channel)
        }
        if let author = query.author {
            sql += " AND m.author = ?"
            arguments.append(author)
        }
        if let before = query.beforeHLC {
            sql += " AND m.hlc < ?"
            arguments.append(before)
        }
        if let after = query.afterHLC {
            sql += " AND m.hlc >= ?"
            arguments.append(after)
        }
        sql += " ORDER BY s.rowid DESC LIMIT ?"
        arguments.append(limit)
        return try rows(sql, arguments).map { row in (Self.message(row), row.string("snippet")) }
    }

    /// Moves the one-table index of migration 5 into shards (migration 6).
    static func shardSearchIndex(_ context: StoreContext) throws {
        let next = Int64(try context.chatSetting("search_next") ?? 1)
        let size = Int64(SearchShard.defaultSize)
        if next > 1 {
            for shard in 0...(next - 2) / size {
                try context.execute(SearchShard.create(shard))
                try context.execute(
                    "INSERT INTO \(SearchShard.table(shard)) (rowid, text) SELECT rowid, text FROM chat_search WHERE rowid BETWEEN ? AND ?",
                    [shard * size + 1, (shard + 1) * size])
            }
        }
        try context.execute("DROP TABLE chat_search")
    }
}

/// A search as the store runs it.
struct SearchQuery: Sendable, Equatable {
    /// The FTS5 query: each word or quoted phrase of what the user typed, quoted, all required.
    var match: String
    var channel: String?
    var author: [UInt8]?
    var beforeHLC: UInt64?
    var afterHLC: UInt64?

    /// What a user typed, as an FTS5 query: words and `"quoted phrases"`, each one required; a
    /// word ending in `*` matches as a prefix. Nil when nothing is left to look for.
    static func match(_ typed: String) -> String? {
        var terms: [String] = []
        var rest = Substring(typed)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                terms.append(quote(String(body[..<end])))
                rest = end < body.endIndex ? body[body.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                var word = String(rest[..<end])
                rest = rest[end...]
                let prefix = word.hasSuffix("*") && word.count > 1
                if prefix { word.removeLast() }
                terms.append(quote(word) + (prefix ? "*" : ""))
            }
        }
        let kept = terms.filter { $0 != "\"\"" && $0 != "\"\"*" }
        return kept.isEmpty ? nil : kept.joined(separator: " ")
    }

    private static func quote(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
