import Foundation
import HearthNode
import HearthStore

/// The full-text index (SQLite FTS5) of every message this node can read: a channel's, or a
/// conversation's it is a member of (stored decrypted only here, as the message is).
extension StoreContext {
    /// Indexes (or re-indexes) a message's text, mentions shown as `@` and the id.
    func index(_ key: OpKey, text: String) throws {
        let indexed = MentionText.render(text) { $0.description }
        if let existing = try searchID(of: key) {
            try execute("DELETE FROM chat_search WHERE rowid = ?", [existing])
            try execute("INSERT INTO chat_search (rowid, text) VALUES (?, ?)", [existing, indexed])
            return
        }
        let id = try chatSetting("search_next") ?? 1
        try setChatSetting("search_next", id + 1)
        try execute("INSERT INTO chat_search (rowid, text) VALUES (?, ?)", [Int64(id), indexed])
        try execute(
            "UPDATE chat_message SET search_id = ? WHERE author = ? AND seq = ? AND idx = ?",
            [Int64(id), key.author, key.seq, key.index])
    }

    /// Takes a message out of the index.
    func unindex(_ key: OpKey) throws {
        guard let existing = try searchID(of: key) else { return }
        try execute("DELETE FROM chat_search WHERE rowid = ?", [existing])
        try execute(
            "UPDATE chat_message SET search_id = NULL WHERE author = ? AND seq = ? AND idx = ?",
            [key.author, key.seq, key.index])
    }

    /// Rewrites the index without the entries deleted from it: FTS5 keeps a deleted text's words
    /// in its older segments until they are merged, so a delete or an edit merges them all.
    func purgeSearchIndex() throws {
        try execute("INSERT INTO chat_search (chat_search) VALUES ('optimize')")
    }

    private func searchID(of key: OpKey) throws -> Int64? {
        try row(
            "SELECT search_id FROM chat_message WHERE author = ? AND seq = ? AND idx = ? AND search_id IS NOT NULL",
            [key.author, key.seq, key.index]
        )?.int64("search_id")
    }

    /// Messages matching an FTS5 query, newest indexed first, with a snippet whose matches are
    /// between `«` and `»`.
    func search(_ query: SearchQuery, limit: Int) throws -> [(MessageRecord, String)] {
        var sql = """
            SELECT m.*, p.display_name AS author_name, snippet(chat_search, 0, '«', '»', '…', 16) AS snippet
            FROM chat_search s JOIN chat_message m ON m.search_id = s.rowid
            LEFT JOIN chat_profile p ON p.author = m.author
            WHERE chat_search MATCH ?
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
