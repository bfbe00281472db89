/// A list whose elements have stable ids and can be moved (Kleppmann, "Moving elements in list
/// CRDTs", 2020): each element's place is a last-writer-wins register pointing at a position
/// in a Fugue list of positions. A move makes a new position and points the register at it, so
/// concurrent moves of one element end with the element in exactly one place (the latest
/// move's), never duplicated or lost. Deleting an element wins over concurrent moves.
/// For kanban columns and cards, and whiteboard z-order.
public struct MovableList<Element: BinaryCodable & Equatable>: ReplicatedType {
    public enum Op: BinaryCodable, Equatable, Sendable {
        /// A new element `element` with `value`, placed at the position `position` creates.
        case insert(element: OpID, value: Element, position: FugueList<OpID>.Op)
        /// Moves `element` to the position `position` creates, as of `stamp`.
        case move(element: OpID, stamp: WriteStamp, position: FugueList<OpID>.Op)
        /// Removes `element` for good (op `id`).
        case delete(id: OpID, element: OpID)

        public func encode(to writer: inout BinaryWriter) {
            switch self {
            case .insert(let element, let value, let position):
                writer.write(byte: 0)
                element.encode(to: &writer)
                value.encode(to: &writer)
                position.encode(to: &writer)
            case .move(let element, let stamp, let position):
                writer.write(byte: 1)
                element.encode(to: &writer)
                stamp.encode(to: &writer)
                position.encode(to: &writer)
            case .delete(let id, let element):
                writer.write(byte: 2)
                id.encode(to: &writer)
                element.encode(to: &writer)
            }
        }

        public init(from reader: inout BinaryReader) throws {
            let start = reader.offset
            switch try reader.readByte() {
            case 0:
                self = .insert(
                    element: try OpID(from: &reader), value: try Element(from: &reader),
                    position: try FugueList<OpID>.Op(from: &reader))
            case 1:
                self = .move(
                    element: try OpID(from: &reader), stamp: try WriteStamp(from: &reader),
                    position: try FugueList<OpID>.Op(from: &reader))
            case 2:
                self = .delete(id: try OpID(from: &reader), element: try OpID(from: &reader))
            case let other:
                throw CRDTDecodingError.unknownTag(other, at: start)
            }
        }
    }

    private struct Entry: Equatable, Sendable {
        var value: Element
        /// The position item the element is at, and the stamp of the write that put it there.
        var position: OpID
        var placedAt: WriteStamp
    }

    /// Every position ever made; each holds the id of the element it was made for.
    private var positions = FugueList<OpID>()
    private var entries: [OpID: Entry] = [:]
    private var deleted: [OpID: OpID] = [:]
    /// Moves that arrived before their element's insert (possible when decoding), by element.
    private var earlyMoves: [OpID: (position: OpID, stamp: WriteStamp)] = [:]
    /// Every op applied, by its id (for `ops(since:)` and the encoding).
    private var log: [OpID: Op] = [:]

    public init() {}

    /// The elements in order, with their ids.
    public var elements: [(id: OpID, value: Element)] {
        positions.items.compactMap { item in
            guard !item.isDeleted, deleted[item.value] == nil, let entry = entries[item.value],
                entry.position == item.id
            else { return nil }
            return (item.value, entry.value)
        }
    }

    public var values: [Element] { elements.map(\.value) }

    /// Inserts `value` at `index` (0...count); returns the op. The element's id is the op's.
    public mutating func insert(_ value: Element, at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        let stamp = clock.next(physicalMilliseconds: now)
        let op = Op.insert(
            element: stamp.op, value: value, position: makePosition(for: stamp.op, at: index, clock: &clock, now: now))
        apply(op)
        return op
    }

    /// Moves the element at `from` so that it ends at index `to` (0..<count); returns the op.
    public mutating func move(from: Int, to: Int, clock: inout OpClock, now: UInt64) -> Op {
        let current = elements
        let element = current[from].id
        // Position among the other elements, as the user sees the list after the move.
        let target = to > from ? to + 1 : to
        let stamp = clock.next(physicalMilliseconds: now)
        let op = Op.move(
            element: element, stamp: stamp, position: makePosition(for: element, at: target, clock: &clock, now: now))
        apply(op)
        return op
    }

    /// Deletes the element at `index`; returns the op.
    public mutating func remove(at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        let op = Op.delete(id: clock.next(physicalMilliseconds: now).op, element: elements[index].id)
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        switch op {
        case .insert(let element, let value, let position):
            guard entries[element] == nil, case .insert(let positionID, _, _, _) = position else { return }
            positions.apply(position)
            var entry = Entry(
                value: value, position: positionID, placedAt: WriteStamp(time: HLCTimestamp(rawValue: 0), op: element))
            if let early = earlyMoves.removeValue(forKey: element) {
                entry.position = early.position
                entry.placedAt = early.stamp
            }
            entries[element] = entry
        case .move(let element, let stamp, let position):
            guard case .insert(let positionID, _, _, _) = position else { return }
            positions.apply(position)
            guard var entry = entries[element] else {
                if earlyMoves[element].map({ stamp > $0.stamp }) ?? true { earlyMoves[element] = (positionID, stamp) }
                log[Self.key(op)] = op
                return
            }
            guard stamp > entry.placedAt else {
                log[Self.key(op)] = op
                return
            }
            entry.position = positionID
            entry.placedAt = stamp
            entries[element] = entry
        case .delete(let id, let element):
            guard deleted[element] == nil else { return }
            deleted[element] = id
        }
        log[Self.key(op)] = op
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        log.filter { !vector.contains($0.key.replica, $0.key.counter) }.sorted { $0.key < $1.key }.map(\.value)
    }

    public static func == (lhs: MovableList, rhs: MovableList) -> Bool {
        lhs.positions == rhs.positions && lhs.entries == rhs.entries && lhs.deleted == rhs.deleted
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        log.sorted { $0.key < $1.key }.map(\.value).encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        for op in try [Op](from: &reader) { apply(op) }
    }

    /// A position item for `element` so that it lands at `index` among the visible elements.
    private mutating func makePosition(for element: OpID, at index: Int, clock: inout OpClock, now: UInt64)
        -> FugueList<OpID>.Op
    {
        let visible = elements
        var slot = 0  // index among all position items, including unused ones
        if index < visible.count, let position = entries[visible[index].id]?.position,
            let at = positions.index(of: position)
        {
            slot = at
        } else if index >= visible.count {
            slot = positions.count
        }
        return positions.insert(element, at: slot, clock: &clock, now: now)
    }

    /// A total order on ops for a canonical encoding: by the op's own id.
    private static func key(_ op: Op) -> OpID {
        switch op {
        case .insert(let element, _, _): element
        case .move(_, let stamp, _): stamp.op
        case .delete(let id, _): id
        }
    }
}
