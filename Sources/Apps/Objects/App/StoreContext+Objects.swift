import HearthNode
import HearthObjectsModels
import HearthStore

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
                (object, kind, creator, creator_seq, creator_index, title, created_hlc, state, waiting, ops, last_hlc)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.object.bytes, record.kind.opKind, record.creator?.author, record.creator?.seq,
                record.creator?.index, record.title, record.createdHLC, record.state, record.waiting, record.ops,
                record.lastHLC,
            ])
    }

    /// Records that `author` made an op on the object in change `seq`, using counters up to `counter`.
    func noteObjectAuthor(_ object: ObjectID, kind: ObjectKind, author: [UInt8], counter: UInt64, seq: UInt64) throws {
        try execute(
            """
            INSERT INTO crdt_author (object, kind, author, counter, seq) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(object, kind, author) DO UPDATE SET
                counter = max(crdt_author.counter, excluded.counter), seq = max(crdt_author.seq, excluded.seq)
            """, [object.bytes, kind.opKind, author, counter, seq])
    }

    /// The highest counter `author` has used on the object (0 before its first op).
    func objectCounter(_ object: ObjectID, kind: ObjectKind, author: [UInt8]) throws -> UInt64 {
        try row(
            "SELECT counter FROM crdt_author WHERE object = ? AND kind = ? AND author = ?",
            [object.bytes, kind.opKind, author])?.uint64("counter") ?? 0
    }

    /// Per author of the object: the highest CRDT counter it used and its latest change on it.
    func objectAuthors(_ object: ObjectID, kind: ObjectKind) throws -> [(author: [UInt8], counter: UInt64, seq: UInt64)]
    {
        try rows(
            "SELECT author, counter, seq FROM crdt_author WHERE object = ? AND kind = ?", [object.bytes, kind.opKind]
        ).map { ($0.bytes("author"), $0.uint64("counter"), $0.uint64("seq")) }
    }

    private static func objectRecord(_ row: SQLRow) throws -> ObjectRecord {
        let kindName = row.string("kind")
        guard let object = try? ObjectID(bytes: row.bytes("object")), kindName.hasPrefix("crdt."),
            let kind = ObjectKind(rawValue: String(kindName.dropFirst("crdt.".count)))
        else {
            throw NodeError(.storage, "a damaged row in crdt_object (kind \(kindName.prefix(40)))")
        }
        let creator: OpKey? =
            row.isNull("creator")
            ? nil
            : OpKey(
                author: row.bytes("creator"), seq: row.uint64("creator_seq"),
                index: UInt32(truncatingIfNeeded: row.int64("creator_index")))
        return ObjectRecord(
            object: object, kind: kind, creator: creator, title: row.optionalString("title") ?? "",
            createdHLC: row.uint64("created_hlc"), state: row.bytes("state"), waiting: row.bytes("waiting"),
            ops: row.int("ops"), lastHLC: row.uint64("last_hlc"))
    }
}
