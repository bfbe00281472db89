import GRDB

extension StoreContext {
    /// Runs one SQL statement (statements are prepared once per connection and cached).
    /// - Throws: a database error for invalid SQL or a constraint failure (`HearthStore.write`
    ///   turns it into a `StoreError`).
    public func execute(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        try db.cachedStatement(sql: sql).execute(arguments: Self.bind(arguments))
    }

    /// Runs a query and returns its rows.
    /// - Throws: a database error for invalid SQL.
    public func rows(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [SQLRow] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.bind(arguments)).map(Self.row)
    }

    /// Runs a query and returns its first row, if any.
    /// - Throws: a database error for invalid SQL.
    public func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: Self.bind(arguments)).map(Self.row)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changedRowCount: Int { db.changesCount }

    private static func bind(_ arguments: [any SQLBindable]) -> StatementArguments {
        StatementArguments(arguments.map(\.sqlValue.databaseValue))
    }

    private static func row(_ row: Row) -> SQLRow {
        var columns: [String: SQLValue] = [:]
        for (name, value) in row { columns[name] = SQLValue(value) }
        return SQLRow(columns: columns)
    }
}
