import Foundation
import HearthNode

/// Limits and text rules on CRDT objects, checked at the API (with a clear error) and on every
/// op, local or received (an op that breaks one is rejected). Rules: `Protocol/apps/crdt.md`.
public enum ObjectLimits {
    public static let maxTitleScalars = 200
    /// Scalars one text insert may carry.
    public static let maxInsertScalars = 100_000
    public static let maxKeyBytes = 256
    public static let maxValueBytes = 65_536

    /// Line breaks and tabs: the only control characters text, list, map and set values may hold.
    static let textControls: Set<Unicode.Scalar> = ["\t", "\n", "\r"]

    /// - Throws: `NodeError.invalidArgument` for a control character, `.tooLarge` past the limit.
    public static func title(_ title: String) throws -> String {
        try TextRules.check(title, field: "a title", allowing: [])
        let count = title.unicodeScalars.count
        guard count <= maxTitleScalars else {
            throw NodeError(.tooLarge, "the title is \(count) characters long; the limit is \(maxTitleScalars)")
        }
        return title
    }

    static func insertedText(_ text: String) throws {
        guard !text.isEmpty else { throw NodeError(.invalidArgument, "an insert needs some text") }
        try TextRules.check(text, field: "text", allowing: textControls)
        let count = text.unicodeScalars.count
        guard count <= maxInsertScalars else {
            throw NodeError(
                .tooLarge, "the insert is \(count) characters long; the limit is \(maxInsertScalars) per edit")
        }
    }

    static func key(_ key: String) throws {
        guard !key.isEmpty else { throw NodeError(.invalidArgument, "a map key cannot be empty") }
        try TextRules.check(key, field: "a key", allowing: [])
        try requireNFC(key, field: "a map key")
        guard key.utf8.count <= maxKeyBytes else {
            throw NodeError(.tooLarge, "the key is \(key.utf8.count) bytes long; the limit is \(maxKeyBytes)")
        }
    }

    static func value(_ value: String) throws {
        try TextRules.check(value, field: "a value", allowing: textControls)
        guard value.utf8.count <= maxValueBytes else {
            throw NodeError(.tooLarge, "the value is \(value.utf8.count) bytes long; the limit is \(maxValueBytes)")
        }
    }

    /// A set element: a value, in NFC.
    static func element(_ element: String) throws {
        try value(element)
        try requireNFC(element, field: "a set element")
    }

    /// Map keys and set elements are compared, so they must be in one form: Unicode NFC, in
    /// which comparing strings (as Swift does, by canonical equivalence) and comparing their UTF-8
    /// bytes agree. The API normalises them (`normalized`); received ones must already be.
    static func requireNFC(_ text: String, field: String) throws {
        guard Array(text.utf8) == Array(normalized(text).utf8) else {
            throw NodeError(.invalidArgument, "\(field) must be in Unicode NFC")
        }
    }

    static func normalized(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

    /// Checks the strings a CRDT op carries (for received ops as for local ones).
    static func check(_ op: CRDTOp) throws {
        switch op {
        case .text(.insert(_, _, _, let text)): try insertedText(text)
        case .list(.insert(_, let value, _)): try self.value(value)
        case .set(.add(let element, _)): try self.element(element)
        case .map(let op):
            try key(op.key)
            if let value = op.value { try self.value(value) }
        default: break
        }
    }
}
