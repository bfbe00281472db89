import HearthNode
import HearthObjectsModels
import HearthStore

/// One object being changed by the ops of a transaction: loaded once, written once at the end.
final class ObjectState {
    var record: ObjectRecord
    var value: CRDTValue

    private init(record: ObjectRecord, value: CRDTValue) {
        self.record = record
        self.value = value
    }

    /// - Throws: `AppRejection` when the stored state does not decode (the op is skipped and
    ///   logged; other objects go on).
    static func load(_ object: ObjectID, kind: ObjectKind, in transaction: AppTransaction) throws -> ObjectState {
        try transaction.memo(ObjectMemo.object(object, kind)) {
            guard let record = try transaction.store.object(object, kind: kind) else {
                return ObjectState(record: .empty(object, kind: kind), value: CRDTValue(empty: kind))
            }
            do {
                return ObjectState(
                    record: record, value: try CRDTValue(kind: kind, state: record.state, waiting: record.waiting))
            } catch {
                throw AppRejection("the stored state of object \(object) does not decode: \(error)")
            }
        }
    }

    /// Writes the object back when the transaction's ops are all applied, and reports it.
    func changed(in transaction: AppTransaction) {
        transaction.beforeCommit(ObjectMemo.object(record.object, record.kind)) { [self] transaction in
            record.state = value.encodedState
            record.waiting = value.encodedWaiting
            try transaction.store.saveObject(record)
            if transaction.wantsEvents, record.creator != nil {
                transaction.emit(AppEvent(type: "crdt.object", key: "object", value: record.view(value: nil)))
            }
        }
    }
}

/// The last counter an author used on an object, read once per transaction.
final class AuthorCounter {
    var value: UInt64

    private init(_ value: UInt64) { self.value = value }

    static func load(_ object: ObjectID, kind: ObjectKind, author: [UInt8], in transaction: AppTransaction) throws
        -> AuthorCounter
    {
        try transaction.memo(ObjectMemo.counter(object, kind, author)) {
            AuthorCounter(try transaction.store.objectCounter(object, kind: kind, author: author))
        }
    }
}

/// What the objects app keeps per transaction (`AppTransaction.memo`).
enum ObjectMemo: Hashable {
    case object(ObjectID, ObjectKind)
    case counter(ObjectID, ObjectKind, [UInt8])
}
