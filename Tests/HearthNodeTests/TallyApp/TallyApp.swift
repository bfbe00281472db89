import Foundation
import HearthCrypto
import HearthNode
import HearthStore

/// A test-only app, defined entirely here: named counters that members add to, each addition
/// with an optional note (its payload) that its author may retract (a redaction). It proves
/// that an app plugs into the node with no edit to core code.
struct TallyApp: HearthApp {
    static let kind = "tally.counter"
    /// Whether this version knows bonuses (a later version's op: an earlier one keeps them).
    var knowsBonus = true

    var name: String { "tally" }
    var kinds: Set<String> { [Self.kind] }
    var migrations: [StoreMigration] {
        [
            StoreMigration(
                "1: counters and notes",
                sql: """
                    CREATE TABLE tally_counter (object BLOB PRIMARY KEY, total INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE tally_note (
                        author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, note TEXT,
                        PRIMARY KEY (author, seq, idx)
                    ) WITHOUT ROWID;
                    """)
        ]
    }

    /// What the app reports after each addition.
    struct Changed: Codable, Sendable, Equatable {
        var counter: String
        var total: Int64
    }

    func apply(_ op: AppOp, in transaction: AppTransaction) throws {
        switch TallyOp(op.body) {
        case .add(let amount):
            try transaction.store.execute(
                """
                INSERT INTO tally_counter (object, total) VALUES (?, ?)
                ON CONFLICT(object) DO UPDATE SET total = total + excluded.total
                """, [op.object.bytes, amount])
            try transaction.store.execute(
                "INSERT INTO tally_note (author, seq, idx, note) VALUES (?, ?, ?, ?)",
                [op.key.author, op.key.seq, op.key.index, op.payload.bytes.map { String(decoding: $0, as: UTF8.self) }])
            let total = try Self.total(op.object, in: transaction.store)
            transaction.emit(
                AppEvent(
                    type: "tally.changed", key: "tally", value: Changed(counter: op.object.description, total: total)))
        case .bonus(let amount):
            guard knowsBonus else { throw AppDeferral("a bonus, which this version does not know") }
            try transaction.store.execute(
                """
                INSERT INTO tally_counter (object, total) VALUES (?, ?)
                ON CONFLICT(object) DO UPDATE SET total = total + excluded.total
                """, [op.object.bytes, amount])
        case .retract(let target):
            guard target.author == op.author.bytes else { throw AppRejection("only a note's author may retract it") }
            try transaction.store.execute(
                "UPDATE tally_note SET note = NULL WHERE author = ? AND seq = ? AND idx = ?",
                [target.author, target.seq, target.index])
            try transaction.redactPayload(of: target)
        case nil:
            throw AppRejection("not a tally op")
        }
    }

    static func total(_ counter: ObjectID, in store: StoreContext) throws -> Int64 {
        try store.row("SELECT total FROM tally_counter WHERE object = ?", [counter.bytes])?.int64("total") ?? 0
    }

    static func counter(_ name: String) -> ObjectID { .named(name, kind: kind) }

    static func add(_ amount: Int64, to counter: String, note: String? = nil) -> NewOp {
        NewOp(
            object: Self.counter(counter), kind: kind, body: TallyOp.add(amount).encoded,
            payload: note.map { Array($0.utf8) })
    }

    static func bonus(_ amount: Int64, to counter: String) -> NewOp {
        NewOp(object: Self.counter(counter), kind: kind, body: TallyOp.bonus(amount).encoded)
    }

    static func retract(_ note: OpKey, on counter: String) -> NewOp {
        NewOp(object: Self.counter(counter), kind: kind, body: TallyOp.retract(note).encoded)
    }
}

/// The tally's op bodies: `1` + amount (8 bytes, big-endian), `2` + author (32) + seq (8) + index
/// (4), or `3` + amount (a bonus).
enum TallyOp {
    case add(Int64)
    case retract(OpKey)
    case bonus(Int64)

    init?(_ bytes: [UInt8]) {
        func integer<T: FixedWidthInteger>(_ slice: ArraySlice<UInt8>) -> T {
            slice.reduce(T.zero) { $0 << 8 | T($1) }
        }
        switch (bytes.first, bytes.count) {
        case (1, 9): self = .add(integer(bytes[1...]))
        case (3, 9): self = .bonus(integer(bytes[1...]))
        case (2, 45):
            self = .retract(
                OpKey(author: Array(bytes[1..<33]), seq: integer(bytes[33..<41]), index: integer(bytes[41...])))
        default: return nil
        }
    }

    var encoded: [UInt8] {
        func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
        switch self {
        case .add(let amount): return [1] + bytes(amount)
        case .retract(let key): return [2] + key.author + bytes(key.seq) + bytes(key.index)
        case .bonus(let amount): return [3] + bytes(amount)
        }
    }
}
