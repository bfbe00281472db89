import HearthNode
import HearthObjectsModels
import HearthStore

/// The CRDT objects' tables: each object's materialised state (loaded at start-up and on use,
/// never rebuilt from the log) and, per author, the last op it made on the object.
enum ObjectTables {
    static let migrations = [
        StoreMigration(
            "1: objects and their authors",
            sql: """
                CREATE TABLE crdt_object (
                    object BLOB NOT NULL, kind TEXT NOT NULL,
                    creator BLOB, creator_seq INTEGER, creator_index INTEGER, title TEXT, created_hlc INTEGER,
                    state BLOB NOT NULL, waiting BLOB NOT NULL, ops INTEGER NOT NULL,
                    PRIMARY KEY (object, kind)
                ) WITHOUT ROWID;
                CREATE INDEX crdt_object_by_creation ON crdt_object (created_hlc) WHERE creator IS NOT NULL;
                CREATE TABLE crdt_author (
                    object BLOB NOT NULL, kind TEXT NOT NULL, author BLOB NOT NULL,
                    counter INTEGER NOT NULL, seq INTEGER NOT NULL,
                    PRIMARY KEY (object, kind, author)
                ) WITHOUT ROWID;
                """)
    ]
}

/// One object's row.
struct ObjectRecord: Sendable {
    var object: ObjectID
    var kind: ObjectKind
    /// The op that created it; nil while only later ops have arrived (they apply all the same).
    var creator: OpKey?
    var title: String
    var createdHLC: UInt64
    var state: [UInt8]
    var waiting: [UInt8]
    var ops: Int
}

extension StoreContext {
    func object(_ object: ObjectID, kind: ObjectKind) throws -> ObjectRecord? {
        try row("SELECT * FROM crdt_object WHERE object = ? AND kind = ?", [object.bytes, kind.opKind])
            .map(Self.objectRecord)
    }

    /// Every created object of any kind with this id (one, unless someone forged a collision).
    func objects(id object: ObjectID) throws -> [ObjectRecord] {
        try rows("SELECT * FROM crdt_object WHERE object = ? AND creator IS NOT NULL ORDER BY kind", [object.bytes])
            .map(Self.objectRecord)
    }

    /// Created objects, newest first.
    func createdObjects(limit: Int) throws -> [ObjectRecord] {
        try rows(
            "SELECT * FROM crdt_object WHERE creator IS NOT NULL ORDER BY created_hlc DESC, object LIMIT ?", [limit]
        ).map(Self.objectRecord)
    }

    func saveObject(_ record: ObjectRecord) throws {
        try execute(
            """
            INSERT OR REPLACE INTO crdt_object
                (object, kind, creator, creator_seq, creator_index, title, created_hlc, state, waiting, ops)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.object.bytes, record.kind.opKind, record.creator?.author, record.creator?.seq,
                record.creator?.index, record.title, record.createdHLC, record.state, record.waiting, record.ops,
            ])
    }

    /// Records that `author` made an op on the object in change `seq`, up to `counter`.
    func noteObjectAuthor(_ object: ObjectID, kind: ObjectKind, author: [UInt8], counter: UInt64, seq: UInt64) throws {
        try execute(
            """
            INSERT INTO crdt_author (object, kind, author, counter, seq) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(object, kind, author) DO UPDATE SET
                counter = max(crdt_author.counter, excluded.counter), seq = max(crdt_author.seq, excluded.seq)
            """, [object.bytes, kind.opKind, author, Int64(clamping: counter), seq])
    }

    /// Per author of the object: the highest CRDT counter it used and its latest change on it.
    func objectAuthors(_ object: ObjectID, kind: ObjectKind) throws -> [(author: [UInt8], counter: UInt64, seq: UInt64)]
    {
        try rows(
            "SELECT author, counter, seq FROM crdt_author WHERE object = ? AND kind = ?", [object.bytes, kind.opKind]
        )
        .map { ($0.bytes("author"), $0.uint64("counter"), $0.uint64("seq")) }
    }

    private static func objectRecord(_ row: SQLRow) -> ObjectRecord {
        let kindName = row.string("kind")
        let creator: OpKey? =
            row.isNull("creator")
            ? nil
            : OpKey(
                author: row.bytes("creator"), seq: row.uint64("creator_seq"),
                index: UInt32(truncatingIfNeeded: row.int64("creator_index")))
        return ObjectRecord(
            object: try! ObjectID(bytes: row.bytes("object")),
            kind: ObjectKind(rawValue: String(kindName.dropFirst("crdt.".count))) ?? .text, creator: creator,
            title: row.optionalString("title") ?? "", createdHLC: row.uint64("created_hlc"), state: row.bytes("state"),
            waiting: row.bytes("waiting"), ops: row.int("ops"))
    }
}
