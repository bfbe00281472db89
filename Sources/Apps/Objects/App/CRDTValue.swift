import HearthCRDT
import HearthObjectsModels

/// The state of a CRDT object: one of the HearthCRDT types, by the object's kind.
enum CRDTValue: Sendable {
    case text(TextDocument)
    case list(MovableList<String>)
    case map(LWWMap<String, String>)
    case set(ORSet<String>)
    case counter(PNCounter)

    /// An empty object of `kind`.
    init(empty kind: ObjectKind) {
        switch kind {
        case .text: self = .text(TextDocument())
        case .list: self = .list(MovableList())
        case .map: self = .map(LWWMap())
        case .set: self = .set(ORSet())
        case .counter: self = .counter(PNCounter())
        }
    }

    /// Loads a stored state and the ops that were waiting in it.
    /// - Throws: `CRDTDecodingError` for bytes that are not a state of `kind`.
    init(kind: ObjectKind, state: [UInt8], waiting: [UInt8]) throws {
        var reader = BinaryReader(state)
        switch kind {
        case .text: self = .text(try TextDocument(from: &reader))
        case .list: self = .list(try MovableList(from: &reader))
        case .map: self = .map(try LWWMap(from: &reader))
        case .set: self = .set(try ORSet(from: &reader))
        case .counter: self = .counter(try PNCounter(from: &reader))
        }
        try reader.expectEnd()
        var waitingReader = BinaryReader(waiting)
        while !waitingReader.isAtEnd {
            var opReader = BinaryReader(try waitingReader.readBytes())
            apply(try CRDTOp(kind: kind, reading: &opReader))
        }
    }

    var kind: ObjectKind {
        switch self {
        case .text: .text
        case .list: .list
        case .map: .map
        case .set: .set
        case .counter: .counter
        }
    }

    /// Applies an op of this object's kind (ops of another kind are ignored: the app checks the
    /// kind before). The value is mutated in place: `self` lets go of it first, so the CRDT's
    /// storage is not copied on every op.
    mutating func apply(_ op: CRDTOp) {
        switch op {
        case .text(let op):
            guard case .text(var document) = self else { return }
            self = Self.vacant
            document.apply(op)
            self = .text(document)
        case .list(let op):
            guard case .list(var list) = self else { return }
            self = Self.vacant
            list.apply(op)
            self = .list(list)
        case .map(let op):
            guard case .map(var map) = self else { return }
            self = Self.vacant
            map.apply(op)
            self = .map(map)
        case .set(let op):
            guard case .set(var set) = self else { return }
            self = Self.vacant
            set.apply(op)
            self = .set(set)
        case .counter(let op):
            guard case .counter(var counter) = self else { return }
            counter.apply(op)
            self = .counter(counter)
        }
    }

    /// What `self` holds for the instant its value is out being mutated (empty, so cheap).
    private static var vacant: CRDTValue { .counter(PNCounter()) }

    /// The encoded state: byte-identical on every replica that applied the same ops.
    var encodedState: [UInt8] {
        switch self {
        case .text(let document): document.encoded()
        case .list(let list): list.encoded()
        case .map(let map): map.encoded()
        case .set(let set): set.encoded()
        case .counter(let counter): counter.encoded()
        }
    }

    /// Ops that arrived before what they name, each as varint length then the op (empty when
    /// none wait).
    var encodedWaiting: [UInt8] {
        let waiting: [CRDTOp]
        switch self {
        case .text(let document): waiting = document.waitingOps.map(CRDTOp.text)
        case .list(let list): waiting = list.waitingOps.map(CRDTOp.list)
        case .map, .set, .counter: waiting = []
        }
        var writer = BinaryWriter()
        for op in waiting {
            var opWriter = BinaryWriter()
            op.encode(to: &opWriter)
            writer.write(bytes: opWriter.bytes)
        }
        return writer.bytes
    }

    /// The value as the API shows it.
    var value: ObjectValue {
        switch self {
        case .text(let document): .text(document.text)
        case .list(let list): .list(list.values)
        case .map(let map): .map(Dictionary(uniqueKeysWithValues: map.values.map { ($0.key, $0.value) }))
        case .set(let set): .set(set.elements)
        case .counter(let counter): .counter(counter.value)
        }
    }
}
