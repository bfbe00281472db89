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
    /// Serialises this node's local edits, so two edits never take the same CRDT counters.
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
            object.value.apply(crdtOp)
            object.record.ops += 1
            let counter = crdtOp.minted.map(\.counter).max() ?? 0
            try transaction.store.noteObjectAuthor(
                op.object, kind: kind, author: op.author.bytes, counter: counter, seq: op.key.seq)
        }
        object.changed(in: transaction)
    }

    /// The rules on a CRDT op that need no stored state: every id it makes is its signing
    /// author's, no stamp is later than its change, its strings follow the text rules.
    static func check(_ op: CRDTOp, of appOp: AppOp) throws {
        let author = ReplicaID(appOp.author.bytes)
        for (replica, _) in op.minted where replica != author {
            throw AppRejection("a CRDT op whose ids are not its signing author's")
        }
        for stamp in op.stamps where stamp.time.rawValue > appOp.hlc {
            throw AppRejection("a CRDT op stamped later than its change (\(stamp.time) > \(appOp.hlc))")
        }
        try refusing { try ObjectLimits.check(op) }
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

/// One object being changed by the ops of a transaction: loaded once, written once at the end.
final class ObjectState {
    var record: ObjectRecord
    var value: CRDTValue

    private init(record: ObjectRecord, value: CRDTValue) {
        self.record = record
        self.value = value
    }

    static func load(_ object: ObjectID, kind: ObjectKind, in transaction: AppTransaction) throws -> ObjectState {
        try transaction.memo("crdt.object \(object) \(kind.rawValue)") {
            guard let record = try transaction.store.object(object, kind: kind) else {
                let empty = CRDTValue(empty: kind)
                return ObjectState(
                    record: ObjectRecord(
                        object: object, kind: kind, creator: nil, title: "", createdHLC: 0, state: empty.encodedState,
                        waiting: [], ops: 0),
                    value: empty)
            }
            do {
                return ObjectState(
                    record: record, value: try CRDTValue(kind: kind, state: record.state, waiting: record.waiting))
            } catch {
                throw NodeError(.storage, "the stored state of object \(object) does not decode: \(error)")
            }
        }
    }

    /// Writes the object back when the transaction's ops are all applied, and reports it.
    func changed(in transaction: AppTransaction) {
        transaction.beforeCommit("crdt.object \(record.object) \(record.kind.rawValue)") { [self] in
            record.state = value.encodedState
            record.waiting = value.encodedWaiting
            try transaction.store.saveObject(record)
            if transaction.wantsEvents, record.creator != nil {
                transaction.emit(AppEvent(type: "crdt.object", key: "object", value: view(withValue: true)))
            }
        }
    }

    func view(withValue: Bool) -> ReplicatedObject {
        record.view(value: withValue ? value.value : nil)
    }
}

extension ObjectRecord {
    func view(value: ObjectValue?) -> ReplicatedObject {
        let creatorID = creator.flatMap { try? NodeID(bytes: $0.author) }
        return ReplicatedObject(
            id: object.description, kind: kind, title: title, createdBy: creatorID?.description ?? "",
            created: Date(timeIntervalSince1970: Double(createdHLC >> 16) / 1000), ops: ops, value: value)
    }
}
