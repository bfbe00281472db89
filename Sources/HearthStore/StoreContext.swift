import Foundation
import GRDB
import Synchronization

/// Access to the database inside one `HearthStore.read` or `write` call.
public struct StoreContext {
    let db: Database
    /// Set by a redaction in a write, so the store empties its log once the write commits.
    let redactions: RedactionMark?

    init(db: Database, redactions: RedactionMark? = nil) {
        self.db = db
        self.redactions = redactions
    }
}

/// Whether a write transaction redacted something (`HearthStore.wipeAfterRedaction`).
final class RedactionMark: Sendable {
    private let marked = Mutex(false)
    func mark() { marked.withLock { $0 = true } }
    /// Whether a redaction happened since the last `take`, leaving the mark as it is.
    var isMarked: Bool { marked.withLock { $0 } }
    /// Whether a redaction happened since the last call.
    func take() -> Bool {
        marked.withLock { value in
            defer { value = false }; return value
        }
    }
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

    /// Appends a verified change to the log, with the payloads it came with. Throws if
    /// (author, seq) is already there.
    public func insertChange(_ change: StoredChange) throws {
        try db.cachedStatement(
            sql: "INSERT INTO change (author, seq, hlc, body, signature) VALUES (?, ?, ?, ?, ?)"
        ).execute(
            arguments: [
                Data(change.author), Int64(change.seq), Int64(bitPattern: change.hlc), Data(change.body),
                Data(change.signature),
            ])
        for (index, data) in change.payloads {
            try db.cachedStatement(sql: "INSERT INTO payload (author, seq, idx, data) VALUES (?, ?, ?, ?)").execute(
                arguments: [Data(change.author), Int64(change.seq), Int64(index), Data(data)])
        }
    }

    /// The signature stored for (author, seq), to tell a duplicate from a conflicting change.
    public func signature(author: [UInt8], seq: UInt64) throws -> [UInt8]? {
        try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT signature FROM change WHERE author = ? AND seq = ?"),
            arguments: [Data(author), Int64(seq)]
        ).map { [UInt8]($0) }
    }

    /// `author`'s changes with seq in `range`, in order, at most `limit`, with their payloads.
    public func changes(author: [UInt8], in range: ClosedRange<UInt64>, limit: Int) throws -> [StoredChange] {
        var changes = try Row.fetchAll(
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
        guard let first = changes.first, let last = changes.last else { return changes }
        let rows = try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT seq, idx, data FROM payload
                    WHERE author = ? AND seq BETWEEN ? AND ? AND data IS NOT NULL
                    """),
            arguments: [Data(author), Int64(first.seq), Int64(last.seq)])
        guard !rows.isEmpty else { return changes }
        for row in rows {
            let offset = Int(UInt64(row["seq"] as Int64) - first.seq)
            guard offset < changes.count, changes[offset].seq == UInt64(row["seq"] as Int64) else { continue }
            changes[offset].payloads[UInt32(row["idx"] as Int64)] = [UInt8](row["data"] as Data)
        }
        return changes
    }

    /// Number of changes in the log.
    public func changeCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM change") ?? 0
    }

    // MARK: Payloads

    /// The payload held for op `key`, nil when it never arrived or was redacted.
    public func payload(_ key: OpKey) throws -> [UInt8]? {
        try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT data FROM payload WHERE author = ? AND seq = ? AND idx = ?"),
            arguments: [Data(key.author), Int64(key.seq), Int64(key.index)]
        ).map { [UInt8]($0) }
    }

    /// Drops op `key`'s payload for good: it is neither shown nor sent again, and one that
    /// arrives later is not kept. The change itself stays and still verifies.
    public func redactPayload(_ key: OpKey) throws {
        redactions?.mark()
        try db.cachedStatement(
            sql: """
                INSERT INTO payload (author, seq, idx, data) VALUES (?, ?, ?, NULL)
                ON CONFLICT(author, seq, idx) DO UPDATE SET data = NULL
                """
        ).execute(arguments: [Data(key.author), Int64(key.seq), Int64(key.index)])
    }

    // MARK: Deferred ops

    /// Remembers that op `key` is of a kind no registered app knows yet, or that its app keeps it
    /// for a later version.
    public func deferOp(_ key: OpKey, kind: String) throws {
        try db.cachedStatement(sql: "INSERT INTO deferred_op (author, seq, idx, kind) VALUES (?, ?, ?, ?)").execute(
            arguments: [Data(key.author), Int64(key.seq), Int64(key.index), kind])
    }

    /// The deferred ops of `kinds` stored up to position `end`, in the order they were stored (a
    /// causal order), at most `limit`.
    public func deferredOps(kinds: [String], through end: Int64 = .max, limit: Int) throws -> [DeferredOp] {
        guard !kinds.isEmpty else { return [] }
        let marks = kinds.map { _ in "?" }.joined(separator: ", ")
        var arguments = StatementArguments(kinds)
        arguments += [end, limit]
        return try Row.fetchAll(
            db,
            sql: "SELECT * FROM deferred_op WHERE kind IN (\(marks)) AND position <= ? ORDER BY position LIMIT ?",
            arguments: arguments
        ).map { row in
            DeferredOp(
                position: row["position"],
                key: OpKey(
                    author: [UInt8](row["author"] as Data), seq: UInt64(row["seq"] as Int64),
                    index: UInt32(row["idx"] as Int64)), kind: row["kind"])
        }
    }

    /// Forgets deferred ops once applied.
    public func removeDeferredOps(through position: Int64, kinds: [String]) throws {
        let marks = kinds.map { _ in "?" }.joined(separator: ", ")
        var arguments: StatementArguments = [position]
        arguments += StatementArguments(kinds)
        try db.execute(sql: "DELETE FROM deferred_op WHERE position <= ? AND kind IN (\(marks))", arguments: arguments)
    }

    /// The position of the latest deferred op (0 when there is none).
    public func lastDeferredPosition() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(position), 0) FROM deferred_op") ?? 0
    }

    /// Whether op `key` is deferred.
    public func isDeferred(_ key: OpKey) throws -> Bool {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM deferred_op WHERE author = ? AND seq = ? AND idx = ?"),
            arguments: [Data(key.author), Int64(key.seq), Int64(key.index)]) != nil
    }

    /// Number of deferred ops, all kinds.
    public func deferredOpCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM deferred_op") ?? 0
    }

    // MARK: Node state

    /// A fact the node keeps about itself, such as the identity that writes this database.
    public func nodeState(_ key: String) throws -> [UInt8]? {
        try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT value FROM node_state WHERE key = ?"), arguments: [key]
        ).map { [UInt8]($0) }
    }

    public func setNodeState(_ key: String, to value: [UInt8]) throws {
        try db.cachedStatement(
            sql:
                "INSERT INTO node_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ).execute(arguments: [key, Data(value)])
    }
}

extension StoreContext {
    /// Runs `body` in a savepoint: if it throws, only its own writes are undone, and the error
    /// goes on to the caller.
    public func savepoint(_ body: () throws -> Void) throws {
        try db.inSavepoint {
            try body()
            return .commit
        }
    }
}
