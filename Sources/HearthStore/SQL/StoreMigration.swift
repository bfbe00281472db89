/// One step of an app's schema, applied once, in order, inside a transaction. A released
/// migration is never edited; add a new one.
public struct StoreMigration: Sendable {
    /// Unique across apps: the store prefixes it with the app's name.
    public let identifier: String
    public let sql: String

    public init(_ identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
    }
}
