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

    /// Through GRDB's initialiser of optional existentials: the one over a sequence of a concrete
    /// type maps with a key path that is built again at run time on every call.
    private static func bind(_ arguments: [any SQLBindable]) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(argument.sqlValue.databaseValue) }
        return StatementArguments(values)
    }

    private static func row(_ row: Row) -> SQLRow {
        var names: [String] = []
        var values: [SQLValue] = []
        names.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for (name, value) in row {
            names.append(name)
            values.append(SQLValue(value))
        }
        return SQLRow(names: names, values: values)
    }
}
