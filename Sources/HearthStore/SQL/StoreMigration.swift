/// One step of an app's schema, applied once, in order, inside a transaction. A released
/// migration is never edited; add a new one.
public struct StoreMigration: Sendable {
    /// Unique across apps: the store prefixes it with the app's name.
    public let identifier: String
    public let sql: String
    /// Work SQL alone cannot say (tables named by what the data holds), after `sql`.
    public let work: (@Sendable (StoreContext) throws -> Void)?

    public init(_ identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
        work = nil
    }

    /// The same step under another identifier (the store prefixes an app's with the app's name).
    public func renamed(_ identifier: String) -> StoreMigration {
        guard let work else { return StoreMigration(identifier, sql: sql) }
        return StoreMigration(identifier, sql: sql, work: work)
    }

    /// A step that runs `sql`, then `work` in the same transaction.
    public init(_ identifier: String, sql: String = "", work: @escaping @Sendable (StoreContext) throws -> Void) {
        self.identifier = identifier
        self.sql = sql
        self.work = work
    }
}
