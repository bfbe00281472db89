import Foundation
import HearthCRDT
import HearthCrypto
import HearthNode
import HearthObjectsModels
import HearthStore

/// CRDT objects: text, lists with move, maps, sets and counters that any app (documents,
/// boards, whiteboards) can build on (`Protocol/apps/crdt.md`). Each object's state is a
/// HearthCRDT value, kept materialised in SQLite and updated op by op.
public struct ObjectsApp: HearthApp {
    /// Serialises this node's local edits of each object, so two edits never take the same
    /// CRDT counters.
    let edits = EditLock()

    public init() {}

    public var name: String { "crdt" }
    public var kinds: Set<String> { Set(ObjectKind.allCases.map(\.opKind)) }
    public var migrations: [StoreMigration] { ObjectTables.migrations }

    static func kind(of opKind: String) -> ObjectKind? {
        guard opKind.hasPrefix("crdt.") else { return nil }
        return ObjectKind(rawValue: String(opKind.dropFirst("crdt.".count)))
    }

    public func apply(_ op: AppOp, in transaction: AppTransaction) throws {
        guard let kind = Self.kind(of: op.kind) else { throw AppRejection("unknown kind \(op.kind)") }
        guard op.payload == .none else { throw AppRejection("a \(op.kind) op carries no payload") }
        let body: ObjectOpBody
        do {
            body = try ObjectOpBody(kind: kind, bytes: op.body)
        } catch {
            throw AppRejection("a \(op.kind) op whose body does not decode: \(error)")
        }
        let object = try ObjectState.load(op.object, kind: kind, in: transaction)
        switch body {
        case .create(let title):
            guard op.object == .created(by: op.key, kind: op.kind) else {
                throw AppRejection("a creation whose object id is not derived from its own op")
            }
            _ = try Self.refusing { try ObjectLimits.title(title) }
            guard object.record.creator == nil else { return }
            object.record.creator = op.key
            object.record.title = title
            object.record.createdHLC = op.hlc
        case .update(let crdtOp):
            try Self.check(crdtOp, of: op)
            let counter = try AuthorCounter.load(op.object, kind: kind, author: op.author.bytes, in: transaction)
            try Self.checkCounters(crdtOp.minted, after: counter.value)
            object.value.apply(crdtOp)
            object.record.ops += 1
            object.record.lastHLC = max(object.record.lastHLC, op.hlc)
            counter.value = crdtOp.minted.last?.last ?? counter.value
            try transaction.store.noteObjectAuthor(
                op.object, kind: kind, author: op.author.bytes, counter: counter.value, seq: op.key.seq)
        }
        object.changed(in: transaction)
    }

    /// The rules on a CRDT op that need no stored state: every id it makes is its signing
    /// author's, no stamp is later than its change, no deleted run is placed, and its strings
    /// follow the text rules.
    static func check(_ op: CRDTOp, of appOp: AppOp) throws {
        if case .text(.insertDeleted) = op {
            throw AppRejection("an insert of deleted characters (only catch-ups of whole texts carry those)")
        }
        let author = ReplicaID(appOp.author.bytes)
        for minted in op.minted where minted.replica != author {
            throw AppRejection("a CRDT op whose ids are not its signing author's")
        }
        for stamp in op.stamps where stamp.time.rawValue > appOp.hlc {
            throw AppRejection("a CRDT op stamped later than its change (\(stamp.time) > \(appOp.hlc))")
        }
        try refusing { try ObjectLimits.check(op) }
    }

    /// The ids an op makes must continue its author's counters on the object, one after the
    /// other from the last it used: every node applies an author's changes in the same order,
    /// so every node takes or refuses the same ops (a reused counter would otherwise be
    /// dropped on some nodes and applied on others).
    static func checkCounters(_ minted: [(replica: ReplicaID, first: UInt64, last: UInt64)], after last: UInt64) throws
    {
        var expected = last &+ 1
        for run in minted {
            guard run.first == expected, run.last >= run.first, run.last < UInt64(Int64.max) else {
                throw AppRejection(
                    "a CRDT op whose ids do not continue its author's counters (expected \(expected), got \(run.first))"
                )
            }
            expected = run.last &+ 1
        }
    }

    /// Turns a limit's `NodeError` into the rejection of a received op.
    static func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as NodeError {
            throw AppRejection(error.message)
        }
    }
}
