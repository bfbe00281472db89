import GRDB
import GRDBSQLite

/// A cached statement run through SQLite's C interface, binding `SQLValue`s and reading them back
/// without GRDB's values in between (its arguments, rows and per-statement checks were about a
/// fifth of a received chat message's CPU). Used only for statements that start with SELECT,
/// INSERT, UPDATE, DELETE, REPLACE or WITH (anything else, DDL, PRAGMA, transaction statements or
/// SQL opening with a comment, goes through GRDB, which must see schema changes to drop what it
/// cached) and only inside a live transaction: every write and every read of `HearthStore` runs
/// in one, the store sets no transaction observers, and the first statement after SQLite aborted a
/// transaction (a full disk) finds the connection in autocommit mode, so it goes through GRDB,
/// which refuses it as aborted. A statement running when GRDB interrupts it for a cancelled task
/// fails with `CancellationError`, as through GRDB; one started later runs, and the transaction
/// then fails with `CancellationError` at GRDB's commit.
struct DirectStatement {
    let handle: OpaquePointer
    let connection: OpaquePointer
    let sql: String

    /// Binds `arguments`, or returns nil when the statement must go through GRDB (not a statement
    /// on rows, or outside a transaction). Throws for a wrong number of arguments, as GRDB does.
    init?(_ statement: Statement, in db: Database, sql: String, arguments: [any SQLBindable]) throws {
        guard Self.readsOrChangesRows(sql), let connection = db.sqliteConnection,
            sqlite3_get_autocommit(connection) == 0
        else { return nil }
        let handle = statement.sqliteStatement
        self.handle = handle
        self.connection = connection
        self.sql = sql
        sqlite3_reset(handle)  // its code repeats the last run's error, if any, which was thrown then
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE,
                message: "wrong number of statement arguments: \(arguments.count) for \(expected) parameters",
                sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument.sqlValue, at: Int32(offset + 1))
        }
    }

    /// Whether `sql` starts with a keyword of a statement on rows: SELECT, INSERT, UPDATE,
    /// DELETE, REPLACE or WITH (any case, after blanks). Asked on every run of a statement, so
    /// the first word is packed into an integer rather than copied.
    static func readsOrChangesRows(_ sql: String) -> Bool {
        var word: UInt64 = 0
        var length = 0
        for byte in sql.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                if length == 0 { continue } else { break }
            }
            guard length < 7 else { return false }
            word = word << 8 | UInt64(byte | 0x20)  // lower case for letters
            length += 1
        }
        return rowKeywords.contains(word)
    }

    private static let rowKeywords: [UInt64] = ["select", "insert", "update", "delete", "replace", "with"].map {
        $0.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private func bind(_ value: SQLValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real): code = sqlite3_bind_double(handle, index, real)
        case .text(var text):
            // Never a null pointer: that would bind NULL, not the empty string.
            code =
                text.isEmpty
                ? sqlite3_bind_text(handle, index, "", 0, transient)
                : text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), transient)
                    }
                }
        case .blob(let bytes):
            code =
                bytes.isEmpty
                ? sqlite3_bind_zeroblob(handle, index, 0)
                : bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Steps once: true with a row to read, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw failure(code)
        }
    }

    /// The current row's first `count` columns.
    func values(count: Int) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, column)))
            case SQLITE_TEXT:
                let start = sqlite3_column_text(handle, column)
                let length = Int(sqlite3_column_bytes(handle, column))
                values.append(.text(String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)))
            case SQLITE_BLOB:
                let start = sqlite3_column_blob(handle, column)
                let length = Int(sqlite3_column_bytes(handle, column))
                values.append(.blob(length == 0 ? [] : Array(UnsafeRawBufferPointer(start: start, count: length))))
            default: values.append(.null)
            }
        }
        return values
    }

    /// Resets the statement, so that a query read only in part holds nothing open, and drops its
    /// bound values (SQLite keeps copies: a message's text or a payload a redaction removed
    /// would stay in memory until the statement next ran).
    func finish() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func failure(_ code: Int32) -> any Error {
        // Only GRDB interrupts a statement, when the task that asked for the access is cancelled.
        if code & 0xFF == SQLITE_INTERRUPT { return CancellationError() }
        return DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

/// SQLite copies the bytes before the bind returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
