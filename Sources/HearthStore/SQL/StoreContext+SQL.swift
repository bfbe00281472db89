import GRDB

extension StoreContext {
    /// Runs one SQL statement (statements are prepared once per connection and cached).
    /// - Throws: `StoreError` for invalid SQL or a constraint failure.
    public func execute(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        try translated { try db.cachedStatement(sql: sql).execute(arguments: Self.bind(arguments)) }
    }

    /// Runs a query and returns its rows.
    /// - Throws: `StoreError` for invalid SQL.
    public func rows(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [SQLRow] {
        try translated {
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.bind(arguments)).map(Self.row)
        }
    }

    /// Runs a query and returns its first row, if any.
    /// - Throws: `StoreError` for invalid SQL.
    public func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try translated {
            try Row.fetchOne(db.cachedStatement(sql: sql), arguments: Self.bind(arguments)).map(Self.row)
        }
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

    private func translated<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError("database error: \(error.message ?? error.description)")
        }
    }
}
