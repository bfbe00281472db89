import Foundation
import HearthCrypto
import HearthNode
import HearthObjectsModels
import HearthStore

/// One object's row in `crdt_object`.
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
    /// The greatest clock reading of a change whose op this object applied: a local edit's
    /// stamps must come after it.
    var lastHLC: UInt64

    /// A new object of `kind` with no ops yet.
    static func empty(_ object: ObjectID, kind: ObjectKind) -> ObjectRecord {
        ObjectRecord(
            object: object, kind: kind, creator: nil, title: "", createdHLC: 0,
            state: CRDTValue(empty: kind).encodedState, waiting: [], ops: 0, lastHLC: 0)
    }

    func view(value: ObjectValue?) -> ReplicatedObject {
        let creatorID = creator.flatMap { try? NodeID(bytes: $0.author) }
        return ReplicatedObject(
            id: object.description, kind: kind, title: title, createdBy: creatorID?.description ?? "",
            created: Date(timeIntervalSince1970: Double(createdHLC >> 16) / 1000), ops: ops, value: value)
    }
}
