import GRDB

extension StoreContext {
    /// Runs one SQL statement (statements are prepared once per connection and cached).
    /// - Throws: a database error for invalid SQL or a constraint failure (`HearthStore.write`
    ///   turns it into a `StoreError`).
    public func execute(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        let statement = try db.cachedStatement(sql: sql)
        guard let direct = try DirectStatement(statement, in: db, sql: sql, arguments: arguments) else {
            return try statement.execute(arguments: Self.bind(arguments))
        }
        // GRDB's cache holds the statement; this says so where its handle is used.
        try withExtendedLifetime(statement) {
            defer { direct.finish() }
            while try direct.step() {}
        }
    }

    /// Runs a query and returns its rows.
    /// - Throws: a database error for invalid SQL.
    public func rows(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [SQLRow] {
        try query(sql, arguments, firstOnly: false)
    }

    /// Runs a query and returns its first row, if any.
    /// - Throws: a database error for invalid SQL.
    public func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try query(sql, arguments, firstOnly: true).first
    }

    private func query(_ sql: String, _ arguments: [any SQLBindable], firstOnly: Bool) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        guard let direct = try DirectStatement(statement, in: db, sql: sql, arguments: arguments) else {
            let bound = Self.bind(arguments)
            guard firstOnly else { return try Row.fetchAll(statement, arguments: bound).map(Self.row) }
            return try Row.fetchOne(statement, arguments: bound).map { [Self.row($0)] } ?? []
        }
        // GRDB's cache holds the statement; this says so where its handle is used.
        return try withExtendedLifetime(statement) {
            defer { direct.finish() }
            let names = statement.columnNames
            var rows: [SQLRow] = []
            while try direct.step() {
                rows.append(SQLRow(names: names, values: direct.values(count: names.count)))
                if firstOnly { break }
            }
            return rows
        }
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
