/// One result row, read by column name. Reading a column that is absent or of another type gives
/// the type's empty value (0, "", []), so callers check their own schema's NOT NULL columns only.
public struct SQLRow: Sendable {
    /// In the query's column order; a row has few columns, so a scan beats hashing the name.
    let names: [String]
    let values: [SQLValue]

    /// The value of `column`; of the last one so named when a query repeats a name.
    public subscript(_ column: String) -> SQLValue {
        guard let index = names.lastIndex(of: column) else { return .null }
        return values[index]
    }

    public func isNull(_ column: String) -> Bool { self[column] == .null }

    public func int64(_ column: String) -> Int64 {
        if case .integer(let value) = self[column] { return value }
        return 0
    }

    public func int(_ column: String) -> Int { Int(int64(column)) }

    /// The column's 64 bits as unsigned (the inverse of binding a `UInt64`).
    public func uint64(_ column: String) -> UInt64 { UInt64(bitPattern: int64(column)) }

    public func double(_ column: String) -> Double {
        switch self[column] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: 0
        }
    }

    public func string(_ column: String) -> String {
        if case .text(let value) = self[column] { return value }
        return ""
    }

    public func optionalString(_ column: String) -> String? {
        if case .text(let value) = self[column] { return value }
        return nil
    }

    public func bytes(_ column: String) -> [UInt8] {
        if case .blob(let value) = self[column] { return value }
        return []
    }

    public func optionalBytes(_ column: String) -> [UInt8]? {
        if case .blob(let value) = self[column] { return value }
        return nil
    }
}
