/// A list whose elements have stable ids and can be moved (Kleppmann, "Moving elements in list
/// CRDTs", 2020): each element's place is a last-writer-wins register pointing at a position
/// in a Fugue sequence of positions. A move makes a new position and points the register at
/// it, so concurrent moves of one element end with the element in exactly one place (the latest
/// move's), never duplicated or lost. Deleting an element wins over concurrent moves.
/// For kanban columns and cards, and whiteboard z-order.
///
/// The positions live in the text type's machinery (runs in a splay tree), one character per
/// position, visible while its element is there: inserts, moves and lookups by index cost
/// O(log n) amortised, however many positions earlier moves left behind.
public struct MovableList<Element: BinaryCodable & Equatable>: ReplicatedType {
    public enum Op: BinaryCodable, Equatable, Sendable {
        /// A new element `element` with `value`, at a new position.
        case insert(element: OpID, value: Element, position: ListPosition)
        /// Moves `element` to a new position, as of `stamp`.
        case move(element: OpID, stamp: WriteStamp, position: ListPosition)
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
                    position: try ListPosition(from: &reader))
            case 1:
                self = .move(
                    element: try OpID(from: &reader), stamp: try WriteStamp(from: &reader),
                    position: try ListPosition(from: &reader))
            case 2:
                self = .delete(id: try OpID(from: &reader), element: try OpID(from: &reader))
            case let other:
                throw CRDTDecodingError.unknownTag(other, at: start)
            }
        }

        /// The op's own id: an insert's is its element's.
        var key: OpID {
            switch self {
            case .insert(let element, _, _): element
            case .move(_, let stamp, _): stamp.op
            case .delete(let id, _): id
            }
        }
    }

    private struct Entry: Equatable, Sendable {
        var value: Element
        /// The position the element is at, and the stamp of the write that put it there.
        var position: OpID
        var placedAt: WriteStamp
    }

    /// Every position ever made, visible while its element is there.
    private var positions = TextState()
    /// The element each position was made for.
    private var owners: [OpID: OpID] = [:]
    private var entries: [OpID: Entry] = [:]
    /// Deleted elements, with the greatest id of the deletes (so every replica keeps the same).
    private var deleted: [OpID: OpID] = [:]
    /// Ops that arrived before what they refer to (a position's origin, or the element a move is
    /// for: possible when decoding or catching up out of order), by that id.
    private var parked: [OpID: [Op]] = [:]
    /// Every op applied, by its id (for `ops(since:)` and the encoding).
    private var log: [OpID: Op] = [:]

    public init() {}

    /// Elements in the list.
    public var count: Int { positions.count }

    /// The elements in order, with their ids.
    public var elements: [(id: OpID, value: Element)] {
        positions.visibleIDs().map { position in
            let element = owners[position]!
            return (element, entries[element]!.value)
        }
    }

    public var values: [Element] { elements.map(\.value) }

    /// The element at `index` (0..<count).
    public mutating func id(at index: Int) -> OpID { owners[positions.anchor(at: index)!]! }

    /// Where element `id` is now, if it is in the list.
    public mutating func index(of id: OpID) -> Int? {
        guard deleted[id] == nil, let entry = entries[id] else { return nil }
        return positions.position(of: entry.position)
    }

    /// Inserts `value` at `index` (0...count); returns the op. The element's id is the op's.
    public mutating func insert(_ value: Element, at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        precondition((0...count).contains(index), "insert index \(index) is outside 0...\(count)")
        let element = clock.next(physicalMilliseconds: now).op
        let position = makePosition(at: index, clock: &clock, now: now)
        owners[position.id] = element
        entries[element] = Entry(value: value, position: position.id, placedAt: Self.initialStamp(of: element))
        let op = Op.insert(element: element, value: value, position: position)
        log[element] = op
        return op
    }

    /// Moves the element at `from` so that it ends at index `to` (both 0..<count); returns the op.
    public mutating func move(from: Int, to: Int, clock: inout OpClock, now: UInt64) -> Op {
        precondition((0..<count).contains(from) && (0..<count).contains(to), "move outside 0..<\(count)")
        let element = id(at: from)
        let stamp = clock.next(physicalMilliseconds: now)
        // The new position goes among the elements as they are before the move.
        let position = makePosition(at: to > from ? to + 1 : to, clock: &clock, now: now)
        owners[position.id] = element
        var entry = entries[element]!
        positions.hide(entry.position)
        entry.position = position.id
        entry.placedAt = stamp
        entries[element] = entry
        let op = Op.move(element: element, stamp: stamp, position: position)
        log[stamp.op] = op
        return op
    }

    /// Deletes the element at `index`; returns the op.
    public mutating func remove(at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        let op = Op.delete(id: clock.next(physicalMilliseconds: now).op, element: id(at: index))
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        guard log[op.key] == nil else { return }
        switch op {
        case .insert(let element, let value, let position):
            guard entries[element] == nil, !positions.contains(position.id) else { return }
            if let missing = missingOrigin(of: position) { return park(op, waitingFor: missing) }
            place(position, for: element, visible: deleted[element] == nil)
            entries[element] = Entry(value: value, position: position.id, placedAt: Self.initialStamp(of: element))
            log[element] = op
            release(element)
            release(position.id)
        case .move(let element, let stamp, let position):
            guard !positions.contains(position.id) else { return }
            guard var entry = entries[element] else { return park(op, waitingFor: element) }
            if let missing = missingOrigin(of: position) { return park(op, waitingFor: missing) }
            let wins = stamp > entry.placedAt
            place(position, for: element, visible: wins && deleted[element] == nil)
            if wins {
                positions.hide(entry.position)
                entry.position = position.id
                entry.placedAt = stamp
                entries[element] = entry
            }
            log[stamp.op] = op
            release(position.id)
        case .delete(let id, let element):
            deleted[element] = max(id, deleted[element] ?? id)
            if let entry = entries[element] { positions.hide(entry.position) }
            log[id] = op
        }
    }

    /// Ops applied before the position or element they refer to arrived: they wait, are not part
    /// of the encoded state, and go in once it does.
    public var waitingOps: [Op] { parked.values.flatMap { $0 } }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        log.filter { !vector.contains($0.key.replica, $0.key.counter) }.sorted { $0.key < $1.key }.map(\.value)
    }

    public static func == (lhs: MovableList, rhs: MovableList) -> Bool {
        lhs.entries == rhs.entries && lhs.deleted == rhs.deleted && lhs.positions.sameState(as: rhs.positions)
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        log.sorted { $0.key < $1.key }.map(\.value).encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        for op in try [Op](from: &reader) { apply(op) }
    }

    // MARK: Positions

    /// The stamp an element's first position has: older than any move.
    private static func initialStamp(of element: OpID) -> WriteStamp {
        WriteStamp(time: HLCTimestamp(rawValue: 0), op: element)
    }

    /// A new visible position at `index` among the visible ones.
    private mutating func makePosition(at index: Int, clock: inout OpClock, now: UInt64) -> ListPosition {
        guard case .insert(let id, let left, let right, _) = positions.insert(" ", at: index, clock: &clock, now: now)
        else { preconditionFailure("a one-character insert makes an insert op") }
        return ListPosition(id: id, originLeft: left, originRight: right)
    }

    private func missingOrigin(of position: ListPosition) -> OpID? {
        if let left = position.originLeft, !positions.contains(left) { return left }
        if let right = position.originRight, !positions.contains(right) { return right }
        return nil
    }

    /// Places a position whose origins are here, for `element`.
    private mutating func place(_ position: ListPosition, for element: OpID, visible: Bool) {
        let op: TextOp =
            visible
            ? .insert(id: position.id, originLeft: position.originLeft, originRight: position.originRight, text: " ")
            : .insertDeleted(
                id: position.id, originLeft: position.originLeft, originRight: position.originRight, count: 1)
        _ = positions.apply(op, report: false)
        owners[position.id] = element
    }

    private mutating func park(_ op: Op, waitingFor missing: OpID) {
        if !(parked[missing]?.contains(op) ?? false) { parked[missing, default: []].append(op) }
    }

    private mutating func release(_ id: OpID) {
        guard let ready = parked.removeValue(forKey: id) else { return }
        for op in ready { apply(op) }
    }
}

/// Where a list element is put: a new position between two existing ones, placed like a
/// one-character insert into text (Fugue origins).
public struct ListPosition: BinaryCodable, Equatable, Sendable {
    public var id: OpID
    public var originLeft: OpID?
    public var originRight: OpID?

    public init(id: OpID, originLeft: OpID?, originRight: OpID?) {
        self.id = id
        self.originLeft = originLeft
        self.originRight = originRight
    }

    public func encode(to writer: inout BinaryWriter) {
        id.encode(to: &writer)
        originLeft.encode(to: &writer)
        originRight.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        id = try OpID(from: &reader)
        originLeft = try OpID?(from: &reader)
        originRight = try OpID?(from: &reader)
    }
}
