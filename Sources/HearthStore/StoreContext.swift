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

    /// The version vector: highest contiguous seq per author. `insertChange` takes a change only
    /// after its author's previous one, so that is each author's highest seq, found with two seeks
    /// per author in the log's key (no table of heads written with every change).
    public func heads() throws -> [(author: [UInt8], seq: UInt64)] {
        var heads: [(author: [UInt8], seq: UInt64)] = []
        var next = try row("SELECT author FROM change ORDER BY author LIMIT 1")
        while let author = next?.bytes("author") {
            let seq = try row("SELECT max(seq) AS seq FROM change WHERE author = ?", [author])?.uint64("seq") ?? 0
            heads.append((author, seq))
            next = try row("SELECT author FROM change WHERE author > ? ORDER BY author LIMIT 1", [author])
        }
        return heads
    }

    /// Appends a verified change to the log, with the payloads it came with. Throws if
    /// (author, seq) is already there, or if the author's change seq - 1 is not (the heads are
    /// read from the log, so it holds each author's changes 1…n with no gap).
    public func insertChange(_ change: StoredChange) throws {
        if change.seq > 1,
            try row("SELECT 1 FROM change WHERE author = ? AND seq = ?", [change.author, change.seq - 1]) == nil
        {
            throw StoreError("change \(change.seq) of an author whose change \(change.seq - 1) is not stored")
        }
        try execute(
            "INSERT INTO change (author, seq, hlc, body, signature) VALUES (?, ?, ?, ?, ?)",
            [change.author, change.seq, change.hlc, change.body, change.signature])
        for (index, data) in change.payloads {
            try execute(
                "INSERT INTO payload (author, seq, idx, data) VALUES (?, ?, ?, ?)",
                [change.author, change.seq, index, data])
        }
    }

    /// The signature stored for (author, seq), to tell a duplicate from a conflicting change.
    public func signature(author: [UInt8], seq: UInt64) throws -> [UInt8]? {
        try row("SELECT signature FROM change WHERE author = ? AND seq = ?", [author, seq])?.bytes("signature")
    }

    /// `author`'s changes with seq in `range`, in order, at most `limit`, with their payloads.
    public func changes(author: [UInt8], in range: ClosedRange<UInt64>, limit: Int) throws -> [StoredChange] {
        var changes = try rows(
            """
            SELECT seq, hlc, body, signature FROM change
            WHERE author = ? AND seq BETWEEN ? AND ? ORDER BY seq LIMIT ?
            """, [author, Int64(range.lowerBound), Int64(clamping: range.upperBound), limit]
        ).map { row in
            StoredChange(
                author: author, seq: row.uint64("seq"), hlc: row.uint64("hlc"), body: row.bytes("body"),
                signature: row.bytes("signature"))
        }
        guard let first = changes.first, let last = changes.last else { return changes }
        let payloads = try rows(
            """
            SELECT seq, idx, data FROM payload
            WHERE author = ? AND seq BETWEEN ? AND ? AND data IS NOT NULL
            """, [author, Int64(first.seq), Int64(last.seq)])
        for row in payloads {
            let seq = row.uint64("seq")
            let offset = Int(seq - first.seq)
            guard offset < changes.count, changes[offset].seq == seq else { continue }
            changes[offset].payloads[UInt32(row.int64("idx"))] = row.bytes("data")
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
        try row("SELECT data FROM payload WHERE author = ? AND seq = ? AND idx = ?", [key.author, key.seq, key.index])?
            .optionalBytes("data")
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
        try execute(
            "INSERT INTO deferred_op (author, seq, idx, kind) VALUES (?, ?, ?, ?)",
            [key.author, key.seq, key.index, kind])
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
        try row("SELECT 1 FROM deferred_op WHERE author = ? AND seq = ? AND idx = ?", [key.author, key.seq, key.index])
            != nil
    }

    /// Number of deferred ops, all kinds.
    public func deferredOpCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM deferred_op") ?? 0
    }

    // MARK: Node state

    /// A fact the node keeps about itself, such as the identity that writes this database.
    public func nodeState(_ key: String) throws -> [UInt8]? {
        try row("SELECT value FROM node_state WHERE key = ?", [key])?.bytes("value")
    }

    public func setNodeState(_ key: String, to value: [UInt8]) throws {
        try execute(
            "INSERT INTO node_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value])
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
