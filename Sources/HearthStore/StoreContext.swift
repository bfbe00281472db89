import Foundation
import GRDB

/// Access to the database inside one `HearthStore.read` or `write` call.
public struct StoreContext {
    let db: Database
}

extension StoreContext {
    // MARK: Op log

    /// The version vector: highest contiguous seq per author.
    public func heads() throws -> [(author: [UInt8], seq: UInt64)] {
        try Row.fetchAll(db, sql: "SELECT author, seq FROM head").map { row in
            ([UInt8](row["author"] as Data), UInt64(row["seq"] as Int64))
        }
    }

    /// Records that `author`'s changes 1…`seq` are all stored.
    public func setHead(author: [UInt8], seq: UInt64) throws {
        try db.cachedStatement(
            sql: "INSERT INTO head (author, seq) VALUES (?, ?) ON CONFLICT(author) DO UPDATE SET seq = excluded.seq"
        ).execute(
            arguments: [Data(author), Int64(seq)])
    }

    /// Appends a verified change to the log. Throws if (author, seq) is already there.
    public func insertChange(_ change: StoredChange) throws {
        try db.cachedStatement(
            sql: "INSERT INTO change (author, seq, hlc, body, signature) VALUES (?, ?, ?, ?, ?)"
        ).execute(
            arguments: [
                Data(change.author), Int64(change.seq), Int64(bitPattern: change.hlc), Data(change.body),
                Data(change.signature),
            ])
    }

    /// The signature stored for (author, seq), to tell a duplicate from a conflicting change.
    public func signature(author: [UInt8], seq: UInt64) throws -> [UInt8]? {
        try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT signature FROM change WHERE author = ? AND seq = ?"),
            arguments: [Data(author), Int64(seq)]
        ).map { [UInt8]($0) }
    }

    /// `author`'s changes with seq in `range`, in order, at most `limit`.
    public func changes(author: [UInt8], in range: ClosedRange<UInt64>, limit: Int) throws -> [StoredChange] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT seq, hlc, body, signature FROM change
                    WHERE author = ? AND seq BETWEEN ? AND ? ORDER BY seq LIMIT ?
                    """),
            arguments: [Data(author), Int64(range.lowerBound), Int64(clamping: range.upperBound), limit]
        ).map { row in
            StoredChange(
                author: author, seq: UInt64(row["seq"] as Int64), hlc: UInt64(bitPattern: row["hlc"] as Int64),
                body: [UInt8](row["body"] as Data), signature: [UInt8](row["signature"] as Data))
        }
    }

    /// Number of changes in the log.
    public func changeCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM change") ?? 0
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT value FROM setting WHERE key = ?"), arguments: [key])
    }

    public func setSetting(_ key: String, to value: String) throws {
        try db.cachedStatement(
            sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ).execute(
            arguments: [key, value])
    }

    // MARK: Peers

    public func upsertPeer(_ peer: PeerRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO peer (node_id, display_name, address, last_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT(node_id) DO UPDATE SET display_name = excluded.display_name,
                    address = excluded.address, last_seen = excluded.last_seen
                """
        ).execute(
            arguments: [Data(peer.nodeID), peer.displayName, peer.address, peer.lastSeen])
    }

    public func peers() throws -> [PeerRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM peer ORDER BY last_seen DESC").map { row in
            PeerRecord(
                nodeID: [UInt8](row["node_id"] as Data), displayName: row["display_name"],
                address: row["address"], lastSeen: row["last_seen"])
        }
    }
}
