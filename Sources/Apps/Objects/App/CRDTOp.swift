import HearthCRDT
import HearthObjectsModels

/// One op of a CRDT object, in the CRDT's own encoding (`Protocol/crdt-encoding.md`).
enum CRDTOp: Sendable, Equatable {
    case text(TextOp)
    case list(MovableList<String>.Op)
    case map(LWWMap<String, String>.Op)
    case set(ORSet<String>.Op)
    case counter(PNCounter.Op)

    /// Decodes the op of an object of `kind`; the bytes must hold exactly one op.
    /// - Throws: `CRDTDecodingError`.
    init(kind: ObjectKind, reading reader: inout BinaryReader) throws {
        switch kind {
        case .text: self = .text(try TextOp(from: &reader))
        case .list: self = .list(try MovableList<String>.Op(from: &reader))
        case .map: self = .map(try LWWMap<String, String>.Op(from: &reader))
        case .set: self = .set(try ORSet<String>.Op(from: &reader))
        case .counter: self = .counter(try PNCounter.Op(from: &reader))
        }
        try reader.expectEnd()
    }

    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .text(let op): op.encode(to: &writer)
        case .list(let op): op.encode(to: &writer)
        case .map(let op): op.encode(to: &writer)
        case .set(let op): op.encode(to: &writer)
        case .counter(let op): op.encode(to: &writer)
        }
    }

    /// The ids this op makes, in the order their author's clock gave them, each as its replica
    /// and a run of counters (`first...last`): a text insert's characters, a list insert's
    /// element then its position, a move's stamp then its position, none for a text delete (a
    /// counted one, as texts made them before, its own id), every other op's own id.
    var minted: [(replica: ReplicaID, first: UInt64, last: UInt64)] {
        func one(_ id: OpID) -> (replica: ReplicaID, first: UInt64, last: UInt64) {
            (id.replica, id.counter, id.counter)
        }
        switch self {
        case .text(.insert(let id, _, _, let text)):
            let (last, overflow) = id.counter.addingReportingOverflow(UInt64(max(text.unicodeScalars.count, 1) - 1))
            return [(id.replica, id.counter, overflow ? .max : last)]
        case .text(.insertDeleted(let id, _, _, _)), .text(.countedDelete(let id, _)): return [one(id)]
        case .text(.delete): return []
        case .list(.insert(let element, _, let position)): return [one(element), one(position.id)]
        case .list(.move(_, let stamp, let position)): return [one(stamp.op), one(position.id)]
        case .list(.delete(let id, _)): return [one(id)]
        case .map(let op): return [one(op.stamp.op)]
        case .set(.add(_, let tag)): return [one(tag)]
        case .set(.remove(let id, _)): return [one(id)]
        case .counter(.increment(let op)), .counter(.decrement(let op)): return [one(op.op)]
        }
    }

    /// The replicas whose earlier ops this op names (origins, targets, removed tags): a local op
    /// depends on their latest changes to the object.
    var referencedReplicas: Set<ReplicaID> {
        func origins(_ left: OpID?, _ right: OpID?) -> [ReplicaID] { [left, right].compactMap { $0?.replica } }
        switch self {
        case .text(.insert(_, let left, let right, _)), .text(.insertDeleted(_, let left, let right, _)):
            return Set(origins(left, right))
        case .text(.delete(let ranges)), .text(.countedDelete(_, let ranges)): return Set(ranges.map(\.first.replica))
        case .list(.insert(_, _, let position)): return Set(origins(position.originLeft, position.originRight))
        case .list(.move(let element, _, let position)):
            return Set(origins(position.originLeft, position.originRight) + [element.replica])
        case .list(.delete(_, let element)): return [element.replica]
        case .set(.remove(_, let tags)): return Set(tags.map(\.replica))
        case .map, .set(.add), .counter: return []
        }
    }

    /// The last-writer-wins stamps the op carries: none may be later than its change's clock
    /// reading.
    var stamps: [WriteStamp] {
        switch self {
        case .list(.move(_, let stamp, _)): [stamp]
        case .map(let op): [op.stamp]
        default: []
        }
    }
}
