import Foundation
import Testing

@testable import HearthStore

/// The SQL interface apps use (`execute`, `row`, `rows`), which binds and reads values through
/// SQLite's C interface inside transactions.
@Suite struct StoreSQLTests {
    let table = [StoreMigration("test t: 1", sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v)")]

    @Test func everyKindOfValueComesBackAsItWasBound() throws {
        let store = try HearthStore(migrations: table)
        let values: [SQLValue] = [
            .null, .integer(Int64.min), .integer(0), .real(-2.5), .text(""), .text("naïve ☃ 🔥"),
            .text("before\u{0}after"), .blob([]), .blob([0, 255, 0]), .blob([UInt8](repeating: 7, count: 100_000)),
        ]
        try store.write { context in
            for (id, value) in values.enumerated() { try context.execute("INSERT INTO t VALUES (?, ?)", [id, value]) }
            try context.execute("INSERT INTO t VALUES (?, ?)", [values.count, UInt64.max])
        }
        let rows = try store.read { try $0.rows("SELECT id, v FROM t ORDER BY id", []) }
        #expect(rows.map { $0["v"] } == values + [.integer(-1)])
        #expect(rows.last?.uint64("v") == UInt64.max)
        // Empty text and an empty blob are values, not NULL.
        #expect(rows.map { $0.isNull("v") } == [true] + Array(repeating: false, count: values.count))
        // The same, one row at a time, in a write as well as a read.
        for (id, value) in values.enumerated() {
            #expect(try store.read { try $0.row("SELECT v FROM t WHERE id = ?", [id]) }?["v"] == value)
            #expect(try store.write { try $0.row("SELECT v FROM t WHERE id = ?", [id]) }?["v"] == value)
        }
        #expect(try store.read { try $0.row("SELECT v FROM t WHERE id = ?", [-1]) } == nil)
    }

    @Test func aQueryReadInPartStartsAgainFromItsFirstRow() throws {
        let store = try HearthStore(migrations: table)
        try store.write { context in
            for id in 1...3 { try context.execute("INSERT INTO t VALUES (?, ?)", [id, "row \(id)"]) }
        }
        let sql = "SELECT v FROM t WHERE id >= ? ORDER BY id"
        let (first, again, rest) = try store.read { context in
            (try context.row(sql, [1]), try context.row(sql, [1]), try context.rows(sql, [2]))
        }
        #expect(first?.string("v") == "row 1")
        #expect(again?.string("v") == "row 1")
        #expect(rest.map { $0.string("v") } == ["row 2", "row 3"])
    }

    @Test func aWrongNumberOfArgumentsIsRefusedNotBoundAsNull() throws {
        let store = try HearthStore(migrations: table)
        #expect(throws: StoreError.self) {
            try store.write { try $0.execute("INSERT INTO t VALUES (?, ?)", [1]) }
        }
        #expect(throws: StoreError.self) {
            try store.read { try $0.row("SELECT v FROM t WHERE id = ?", [1, 2]) }
        }
        #expect(try store.read { try $0.rows("SELECT * FROM t", []) }.isEmpty)
    }

    /// A statement that fails (here a constraint) undoes only its savepoint; the statement is
    /// used again afterwards in the same write, and the write commits the rest.
    @Test func aFailedStatementUndoesItsSavepointOnlyAndCanRunAgain() throws {
        let store = try HearthStore(migrations: table)
        let insert = "INSERT INTO t VALUES (?, ?)"
        try store.write { context in
            try context.execute(insert, [1, "first"])
            #expect(throws: (any Error).self) {
                try context.savepoint {
                    try context.execute(insert, [2, "second"])
                    try context.execute(insert, [1, "the first again"])
                }
            }
            try context.execute(insert, [3, "third"])
        }
        let kept = try store.read { try $0.rows("SELECT id, v FROM t ORDER BY id", []) }
        #expect(kept.map { $0.int("id") } == [1, 3])
        #expect(kept.map { $0.string("v") } == ["first", "third"])
        // Outside a savepoint the failure fails the write as a store error, which keeps nothing.
        #expect(throws: StoreError.self) {
            try store.write { context in
                try context.execute(insert, [4, "fourth"])
                try context.execute(insert, [3, "the third again"])
            }
        }
        #expect(try store.read { try $0.rows("SELECT id FROM t ORDER BY id", []) }.map { $0.int("id") } == [1, 3])
    }

    /// A table changed by DDL is read with its new columns, in the same write and in later ones:
    /// DDL goes through GRDB, which drops the statements (and column names) it had cached.
    @Test func aQueryAfterDDLSeesTheNewColumns() throws {
        let store = try HearthStore(migrations: table)
        let (before, after) = try store.write { context in
            try context.execute("INSERT INTO t VALUES (?, ?)", [1, "one"])
            let before = try context.rows("SELECT * FROM t", [])
            try context.execute("ALTER TABLE t ADD COLUMN w", [])
            try context.execute("UPDATE t SET w = ?", ["new"])
            return (before, try context.rows("SELECT * FROM t", []))
        }
        #expect(before.first?.isNull("w") == true)
        #expect(after.first?.string("w") == "new")
        #expect(try store.write { try $0.row("SELECT * FROM t", []) }?.string("w") == "new")
        #expect(try store.read { try $0.row("SELECT * FROM t", []) }?.string("w") == "new")
    }

    @Test func onlyStatementsOnRowsAreRunDirectly() {
        #expect(DirectStatement.readsOrChangesRows("SELECT 1"))
        #expect(DirectStatement.readsOrChangesRows("\n  insert INTO t VALUES (1)"))
        #expect(DirectStatement.readsOrChangesRows("With x AS (SELECT 1) SELECT * FROM x"))
        #expect(DirectStatement.readsOrChangesRows("REPLACE INTO t VALUES (1)"))
        #expect(!DirectStatement.readsOrChangesRows("ALTER TABLE t ADD COLUMN w"))
        #expect(!DirectStatement.readsOrChangesRows("CREATE VIRTUAL TABLE x USING fts5(text)"))
        #expect(!DirectStatement.readsOrChangesRows("selected"))
        #expect(!DirectStatement.readsOrChangesRows(""))
    }
}
