import Foundation
import GRDB
import Synchronization

/// The node's SQLite database (WAL mode): the change log, payloads, and the apps' tables.
///
/// Every method runs synchronously on GRDB's serialised writer or a pooled reader; callers group
/// related writes in one `write` so that they commit together or not at all.
public final class HearthStore: Sendable {
    private let writer: any DatabaseWriter
    private let durableCount = Mutex(0)
    private let redactions = RedactionMark()
    private let wipeCount = Mutex(0)
    /// Writes running or waiting for the writer (`writeIfIdle` runs only when there are none).
    private let writesInFlight = Atomic<Int>(0)

    /// Times the write-ahead log was emptied after a redaction (`wipeAfterRedaction`).
    public var wipes: Int { wipeCount.withLock { $0 } }

    /// Transactions committed with fsync so far (each local group commit is one).
    public var durableWrites: Int { durableCount.withLock { $0 } }

    /// Opens (creating if needed) the database at `path`, checks it, and migrates it to the
    /// current schema: the core's tables, then each app's `migrations` in order.
    /// - Throws: `StoreError` with `.previousFormat` for a database of protocol 1, `.damaged` when
    ///   SQLite's quick check fails, `.other` when the file cannot be opened or migrated.
    public init(path: String, migrations: [StoreMigration] = []) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a committed transaction survives a crash of the process (kill -9);
            // `write(durable: true)` also makes it survive a power loss.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted content (a redacted payload, a deleted message's text) is overwritten with
            // zeros in the page, not only marked free (Protocol/objects.md, "Redaction").
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        configuration.busyMode = .timeout(5)
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where Self.isDamage(error) {
            throw StoreError(.damaged, "the database \(path) is damaged (\(error.message ?? "\(error)"))")
        } catch {
            throw StoreError("cannot open the database at \(path): \(error)")
        }
        try Self.check(writer, path: path)
        do {
            try Self.migrator(migrations).migrate(writer)
        } catch {
            throw StoreError("cannot migrate the database at \(path): \(error)")
        }
    }

    /// Refuses a damaged file (a quick check, which reads every page) and one of protocol 1.
    private static func check(_ writer: any DatabaseWriter, path: String) throws {
        let (verdict, applied): (String, [String])
        do {
            (verdict, applied) = try writer.read { db in
                let verdict = try String.fetchOne(db, sql: "PRAGMA quick_check(1)") ?? ""
                let applied =
                    try db.tableExists("grdb_migrations")
                    ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                return (verdict, applied)
            }
        } catch {
            throw StoreError(.damaged, "the database \(path) is damaged and cannot be read (\(error))")
        }
        guard verdict == "ok" else {
            throw StoreError(.damaged, "the database \(path) is damaged (SQLite's check says: \(verdict))")
        }
        if applied.contains(Schema.protocolOneMigration) {
            throw StoreError(.previousFormat, "the database \(path) was written by Hearth protocol 1")
        }
    }

    private static func isDamage(_ error: DatabaseError) -> Bool {
        [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode)
    }

    /// A private in-memory database, for tests.
    public init(migrations: [StoreMigration] = []) throws {
        do {
            writer = try DatabaseQueue()
            try Self.migrator(migrations).migrate(writer)
        } catch {
            throw StoreError("cannot create an in-memory database: \(error)")
        }
    }

    /// Runs `body` in one write transaction; on any thrown error nothing of it is kept.
    ///
    /// Every commit survives a crash of the process. With `durable`, the commit also waits until
    /// the write-ahead log is on disk (fsync), so it survives a power loss: for changes authored
    /// here, which no peer may hold yet. Received changes can be fetched again, so they skip it.
    /// - Throws: what `body` throws, or `StoreError` for a database failure.
    public func write<T>(durable: Bool = false, _ body: (StoreContext) throws -> T) throws -> T {
        writesInFlight.add(1, ordering: .relaxed)
        defer { writesInFlight.subtract(1, ordering: .relaxed) }
        let result = try translatingErrors {
            guard durable else {
                return try writer.write { db in try body(StoreContext(db: db, redactions: redactions)) }
            }
            durableCount.withLock { $0 += 1 }
            return try writer.writeWithoutTransaction { db in try Self.durably(db, redactions, body) }
        }
        wipeAfterRedaction()
        return result
    }

    /// Runs `body` in one write transaction on the database's own writer thread, so the caller's
    /// executor (an actor's) is free meanwhile; otherwise as the synchronous `write`.
    /// - Throws: what `body` throws, or `StoreError` for a database failure.
    public func write<T: Sendable>(durable: Bool = false, _ body: @escaping @Sendable (StoreContext) throws -> T)
        async throws -> T
    {
        let redactions = redactions
        writesInFlight.add(1, ordering: .relaxed)
        defer { writesInFlight.subtract(1, ordering: .relaxed) }
        let result: T
        do {
            if durable {
                durableCount.withLock { $0 += 1 }
                result = try await writer.writeWithoutTransaction { db in try Self.durably(db, redactions, body) }
            } else {
                result = try await writer.write { db in try body(StoreContext(db: db, redactions: redactions)) }
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
        wipeAfterRedaction()
        return result
    }

    /// Runs `body` in one write transaction on the calling thread, but only when no other write
    /// is running or waiting; returns nil, running nothing, when one is. For a short transaction
    /// whose caller would otherwise hop to the writer's thread and back (two thread wake-ups)
    /// without ever waiting behind a long one (a group commit's fsync, a search indexing pass).
    /// A redaction's log wipe then runs in a background task, not on the calling thread.
    /// - Throws: what `body` throws, or `StoreError` for a database failure.
    public func writeIfIdle<T>(_ body: (StoreContext) throws -> T) throws -> T? {
        guard writesInFlight.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged else { return nil }
        defer { writesInFlight.subtract(1, ordering: .relaxed) }
        let result = try translatingErrors {
            try writer.write { db in try body(StoreContext(db: db, redactions: redactions)) }
        }
        if redactions.isMarked { Task.detached { [self] in wipeAfterRedaction() } }
        return result
    }

    /// After a transaction that redacted something has committed: copies the write-ahead log
    /// into the database file and truncates it to zero bytes, so the deleted bytes (still in the
    /// log's older frames) are gone from disk now, not at some later checkpoint. Readers in the
    /// middle of a snapshot can hold the log back; then it tries again, for up to ten seconds.
    private func wipeAfterRedaction() {
        guard redactions.take() else { return }
        if truncateLog() { return }
        Task.detached { [self] in
            for _ in 0..<100 {
                try? await Task.sleep(for: .milliseconds(100))
                if truncateLog() { return }
            }
            // Still held back: the next write tries again.
            redactions.mark()
        }
    }

    private func truncateLog() -> Bool {
        guard writer is DatabasePool else { return true }  // in memory: no log on disk
        do {
            writesInFlight.add(1, ordering: .relaxed)
            defer { writesInFlight.subtract(1, ordering: .relaxed) }
            let result = try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            guard result.walFrameCount == 0 else { return false }
            wipeCount.withLock { $0 += 1 }
            return true
        } catch {
            return false
        }
    }

    /// One transaction whose commit waits until the write-ahead log is on disk (fsync).
    private static func durably<T>(_ db: Database, _ redactions: RedactionMark, _ body: (StoreContext) throws -> T)
        throws -> T
    {
        try db.execute(sql: "PRAGMA synchronous = FULL")
        defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
        var result: T?
        try db.inTransaction {
            result = try body(StoreContext(db: db, redactions: redactions))
            return .commit
        }
        return result!
    }

    /// Runs `body` with a consistent read-only snapshot.
    /// - Throws: what `body` throws, or `StoreError` for a database failure.
    public func read<T>(_ body: (StoreContext) throws -> T) throws -> T {
        try translatingErrors { try writer.read { db in try body(StoreContext(db: db)) } }
    }

    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    private static func translate(_ error: DatabaseError) -> StoreError {
        if error.resultCode == .SQLITE_FULL {
            return StoreError(.diskFull, "the disk is full (\(error.message ?? error.description))")
        }
        return StoreError("database error: \(error.message ?? error.description)")
    }

    static func migrator(_ migrations: [StoreMigration]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, sql) in Schema.core {
            migrator.registerMigration(identifier) { db in try db.execute(sql: sql) }
        }
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in
                if !migration.sql.isEmpty { try db.execute(sql: migration.sql) }
                try migration.work?(StoreContext(db: db))
            }
        }
        return migrator
    }
}

/// A database failure, with what the node was doing.
public struct StoreError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Written by protocol 1, whose changes this version cannot read.
        case previousFormat
        /// SQLite finds the file damaged.
        case damaged
        /// The disk (or the file system's quota) is full: nothing of the transaction was kept.
        case diskFull
        case other
    }

    public let kind: Kind
    public let message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public init(_ message: String) { self.init(.other, message) }
    public var description: String { message }
}
