import Foundation
import HearthNet
import HearthNode
import HearthStatsModels
import HearthStore

/// The stats app's tables and their SQL.
enum StatsTables {
    static let migrations = [
        StoreMigration(
            "1: matches, claims, followed logs, polled servers",
            sql: """
                -- The preferred record of each match (apps/stats.md), by the match's object id.
                CREATE TABLE stats_match (
                    object BLOB PRIMARY KEY, author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                    started_ms INTEGER NOT NULL, server TEXT NOT NULL, map TEXT NOT NULL, game_type INTEGER NOT NULL,
                    finished INTEGER NOT NULL, kills INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
                    players INTEGER NOT NULL, record BLOB NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX stats_match_by_time ON stats_match (started_ms);
                -- Who claims which game name: the latest op per (author, name).
                CREATE TABLE stats_claim (
                    author BLOB NOT NULL, name TEXT NOT NULL, claimed INTEGER NOT NULL, hlc INTEGER NOT NULL,
                    seq INTEGER NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (author, name)
                ) WITHOUT ROWID;
                -- This node's own: the logs it follows (where the current match began) and the game
                -- servers it polls. Never replicated.
                CREATE TABLE stats_watch (
                    path TEXT PRIMARY KEY, server TEXT NOT NULL, match_offset INTEGER NOT NULL, inode INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE stats_poll (address TEXT PRIMARY KEY) WITHOUT ROWID;
                """)
    ]
}

/// A stored match: which op it came from, and the rank that decides between records of one match.
struct StoredMatch: Sendable {
    var object: ObjectID
    var key: OpKey
    var finished: Bool
    var kills: Int
    var durationMs: Int
    var players: Int

    /// Whether this record is preferred over `other`, another record of the same match.
    func isPreferred(over other: StoredMatch) -> Bool {
        if isMoreComplete(than: other) || other.isMoreComplete(than: self) { return isMoreComplete(than: other) }
        return (key.author.lexicographicKey, key.seq, key.index) < (
            other.key.author.lexicographicKey, other.key.seq, other.key.index
        )
    }
}

extension StoredMatch {
    /// Whether this record says more of the match than `other`: finished, then more kills, then
    /// longer, then more players.
    func isMoreComplete(than other: StoredMatch) -> Bool {
        (finished ? 1 : 0, kills, durationMs, players) > (
            other.finished ? 1 : 0, other.kills, other.durationMs, other.players
        )
    }
}

extension Array where Element == UInt8 {
    /// A comparable form for tie-breaking by id bytes.
    fileprivate var lexicographicKey: String { map { String(format: "%02x", $0) }.joined() }
}

extension StoreContext {
    func storedMatch(_ object: ObjectID) throws -> StoredMatch? {
        try row("SELECT * FROM stats_match WHERE object = ?", [object.bytes]).map { row in
            StoredMatch(
                object: object,
                key: OpKey(author: row.bytes("author"), seq: UInt64(row.int64("seq")), index: UInt32(row.int64("idx"))),
                finished: row.int64("finished") != 0, kills: Int(row.int64("kills")),
                durationMs: Int(row.int64("duration_ms")), players: Int(row.int64("players")))
        }
    }

    func saveMatch(_ stored: StoredMatch, record: MatchRecord, body: [UInt8]) throws {
        try execute(
            """
            INSERT OR REPLACE INTO stats_match (object, author, seq, idx, started_ms, server, map, game_type, finished,
                kills, duration_ms, players, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                stored.object.bytes, stored.key.author, stored.key.seq, stored.key.index,
                Int64(record.startedAt.timeIntervalSince1970 * 1000), record.server, record.map, record.gameType,
                stored.finished, stored.kills, stored.durationMs, stored.players, body,
            ])
    }

    /// Every stored record (the preferred one of each match), as stored.
    /// Which op each stored record came from: a record replaced by a more complete one has a
    /// new op, so this tells what changed since the records were last read.
    func matchVersions() throws -> [ObjectID: OpKey] {
        var versions: [ObjectID: OpKey] = [:]
        for row in try rows("SELECT object, author, seq, idx FROM stats_match") {
            guard let object = try? ObjectID(bytes: row.bytes("object")) else { continue }
            versions[object] = OpKey(
                author: row.bytes("author"), seq: UInt64(row.int64("seq")), index: UInt32(row.int64("idx")))
        }
        return versions
    }

    /// The stored records of `objects` (all of them when nil), with the op each came from.
    func matchBodies(of objects: Set<ObjectID>?) throws -> [(object: ObjectID, version: OpKey, body: [UInt8])] {
        func entry(_ row: SQLRow) -> (object: ObjectID, version: OpKey, body: [UInt8])? {
            guard let object = try? ObjectID(bytes: row.bytes("object")) else { return nil }
            let version = OpKey(
                author: row.bytes("author"), seq: UInt64(row.int64("seq")), index: UInt32(row.int64("idx")))
            return (object, version, row.bytes("record"))
        }
        let query = "SELECT object, author, seq, idx, record FROM stats_match"
        guard let objects else { return try rows(query).compactMap(entry) }
        return try objects.compactMap { object in
            try row(query + " WHERE object = ?", [object.bytes]).flatMap(entry)
        }
    }

    /// Stored records, newest first (by when the match started).
    func newestMatchBodies(limit: Int, offset: Int) throws -> [(object: ObjectID, author: [UInt8], body: [UInt8])] {
        try rows(
            "SELECT object, author, record FROM stats_match ORDER BY started_ms DESC, object DESC LIMIT ? OFFSET ?",
            [limit, offset]
        ).compactMap { row in
            guard let object = try? ObjectID(bytes: row.bytes("object")) else { return nil }
            return (object, row.bytes("author"), row.bytes("record"))
        }
    }

    func matchBody(_ object: ObjectID) throws -> (author: [UInt8], body: [UInt8])? {
        try row("SELECT author, record FROM stats_match WHERE object = ?", [object.bytes]).map {
            ($0.bytes("author"), $0.bytes("record"))
        }
    }

    func matchCount(since milliseconds: Int64) throws -> Int {
        Int(try row("SELECT count(*) AS n FROM stats_match WHERE started_ms >= ?", [milliseconds])?.int64("n") ?? 0)
    }

    // MARK: Claims

    /// Sets `author`'s claim of `name` if the op is later than the one stored.
    func saveClaim(author: [UInt8], name: String, claimed: Bool, hlc: UInt64, key: OpKey) throws -> Bool {
        if let existing = try row(
            "SELECT hlc, seq, idx FROM stats_claim WHERE author = ? AND name = ?", [author, name]),
            (existing.uint64("hlc"), UInt64(existing.int64("seq")), UInt32(existing.int64("idx")))
                >= (hlc, key.seq, key.index)
        {
            return false
        }
        try execute(
            "INSERT OR REPLACE INTO stats_claim (author, name, claimed, hlc, seq, idx) VALUES (?, ?, ?, ?, ?, ?)",
            [author, name, claimed, hlc, key.seq, key.index])
        return true
    }

    /// Every current claim: game name → the authors who claim it.
    func claims() throws -> [String: [[UInt8]]] {
        var claims: [String: [[UInt8]]] = [:]
        for row in try rows("SELECT author, name FROM stats_claim WHERE claimed = 1 ORDER BY hlc") {
            claims[row.string("name"), default: []].append(row.bytes("author"))
        }
        return claims
    }

    // MARK: This node's logs and servers

    func watches() throws -> [StatsWatch] {
        try rows("SELECT * FROM stats_watch ORDER BY path").map {
            StatsWatch(path: $0.string("path"), server: $0.string("server"), offset: Int($0.int64("match_offset")))
        }
    }

    func watchState(_ path: String) throws -> (offset: Int, inode: UInt64)? {
        try row("SELECT match_offset, inode FROM stats_watch WHERE path = ?", [path]).map {
            (Int($0.int64("match_offset")), $0.uint64("inode"))
        }
    }

    func saveWatch(path: String, server: String, offset: Int, inode: UInt64) throws {
        try execute(
            "INSERT OR REPLACE INTO stats_watch (path, server, match_offset, inode) VALUES (?, ?, ?, ?)",
            [path, server, offset, inode])
    }

    func removeWatch(_ path: String) throws -> Bool {
        try execute("DELETE FROM stats_watch WHERE path = ?", [path])
        return changedRowCount > 0
    }

    func polledServers() throws -> [String] {
        try rows("SELECT address FROM stats_poll ORDER BY address").map { $0.string("address") }
    }

    func addPolledServer(_ address: String) throws {
        try execute("INSERT OR IGNORE INTO stats_poll (address) VALUES (?)", [address])
    }

    func removePolledServer(_ address: String) throws -> Bool {
        try execute("DELETE FROM stats_poll WHERE address = ?", [address])
        return changedRowCount > 0
    }
}
