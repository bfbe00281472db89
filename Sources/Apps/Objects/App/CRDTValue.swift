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
    /// kind before).
    mutating func apply(_ op: CRDTOp) {
        switch (self, op) {
        case (.text(var document), .text(let op)):
            document.apply(op)
            self = .text(document)
        case (.list(var list), .list(let op)):
            list.apply(op)
            self = .list(list)
        case (.map(var map), .map(let op)):
            map.apply(op)
            self = .map(map)
        case (.set(var set), .set(let op)):
            set.apply(op)
            self = .set(set)
        case (.counter(var counter), .counter(let op)):
            counter.apply(op)
            self = .counter(counter)
        default: break
        }
    }

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
