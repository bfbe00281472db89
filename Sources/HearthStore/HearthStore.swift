import Foundation
import GRDB

/// The node's SQLite database (WAL mode): op log, heads, materialised app state, peers, settings.
///
/// Every method runs synchronously on GRDB's serialised writer or a pooled reader; callers group
/// related writes in one `write` so that they commit together or not at all.
public final class HearthStore: Sendable {
    private let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a committed transaction survives a crash of the process (kill -9);
            // `write(durable: true)` also makes it survive a power loss.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(5)
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError("cannot open the database at \(path): \(error)")
        }
    }

    /// A private in-memory database, for tests.
    public init() throws {
        do {
            writer = try DatabaseQueue()
            try Self.migrator.migrate(writer)
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
        try translatingErrors {
            guard durable else { return try writer.write { db in try body(StoreContext(db: db)) } }
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                var result: T?
                try db.inTransaction {
                    result = try body(StoreContext(db: db))
                    return .commit
                }
                return result!
            }
        }
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
            throw StoreError("database error: \(error.message ?? error.description)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: op log, chat, peers, settings") { db in
            try db.execute(sql: Schema.version1)
        }
        return migrator
    }
}

/// A database failure, with what the node was doing.
public struct StoreError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
