/// A list whose elements have stable ids and can be moved (Kleppmann, "Moving elements in list
/// CRDTs", 2020): each element's place is a last-writer-wins register pointing at a position
/// in a Fugue sequence of positions. A move makes a new position and points the register at
/// it, so concurrent moves of one element end with the element in exactly one place (the latest
/// move's), never duplicated or lost. Deleting an element wins over concurrent moves.
/// For kanban columns and cards, and whiteboard z-order.
///
/// The positions live in the text type's machinery (runs in a splay tree), one character per
/// position, visible while its element is there: inserts, moves and lookups by index cost
/// O(log n) amortised, however many positions earlier moves left behind. Everything but the
/// values is kept compactly in `ListCore` (ids of 8 bytes, tables by counter, the op log as
/// fixed-size records): a move costs about 120 bytes (its run node, log record and table slots).
public struct MovableList<Element: BinaryCodable & Equatable>: ReplicatedType {
    private var core = ListCore()
    /// Each element's value, by its index in the core.
    private var elementValues: [Element] = []
    /// Ops that arrived before what they refer to (a position's origin, or the element a move is
    /// for: possible when decoding or catching up out of order), by that id.
    private var parked: [OpID: [Op]] = [:]

    public init() {}

    /// Elements in the list.
    public var count: Int { core.count }

    /// The elements in order, with their ids.
    public var elements: [(id: OpID, value: Element)] {
        core.visibleElements().map { index in (core.opID(core.elements[Int(index)].id), elementValues[Int(index)]) }
    }

    public var values: [Element] { core.visibleElements().map { elementValues[Int($0)] } }

    /// The element at `index` (0..<count).
    public mutating func id(at index: Int) -> OpID { core.opID(core.elements[Int(core.element(atVisible: index))].id) }

    /// Where element `id` is now, if it is in the list.
    public mutating func index(of id: OpID) -> Int? {
        guard let packed = core.find(id), let index = core.element(packed) else { return nil }
        let element = core.elements[Int(index)]
        guard element.deletedBy.isNone, core.positions.contains(element.position.char) else { return nil }
        return core.positions.visibleIndex(of: element.position.char)
    }

    /// Inserts `value` at `index` (0...count); returns the op. The element's id is the op's.
    public mutating func insert(_ value: Element, at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        precondition((0...count).contains(index), "insert index \(index) is outside 0...\(count)")
        let (element, position) = core.insert(at: index, clock: &clock, now: now)
        elementValues.append(value)
        return .insert(element: element, value: value, position: position)
    }

    /// Moves the element at `from` so that it ends at index `to` (both 0..<count); returns the op.
    public mutating func move(from: Int, to: Int, clock: inout OpClock, now: UInt64) -> Op {
        precondition((0..<count).contains(from) && (0..<count).contains(to), "move outside 0..<\(count)")
        let (element, stamp, position) = core.move(from: from, to: to, clock: &clock, now: now)
        return .move(element: element, stamp: stamp, position: position)
    }

    /// Deletes the element at `index`; returns the op.
    public mutating func remove(at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        let id = clock.next(physicalMilliseconds: now).op
        precondition(id.counter <= AgentCharacters.maxCounter, "the op counter ran out")
        let op = Op.delete(id: id, element: self.id(at: index))
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        switch applyToCore(op) {
        case (.applied, let released):
            for key in released { release(key) }
        case (.waiting(let missing), _): park(op, waitingFor: missing)
        case (.dropped, _): break
        }
    }

    /// Applies one op to the core without releasing what waits for it; returns the outcome and,
    /// when ops are waiting, the ids it brought that they may wait for.
    private mutating func applyToCore(_ op: Op) -> (ListCore.Outcome, releasing: [OpID]) {
        switch op {
        case .insert(let element, let value, let position):
            let outcome = core.insert(element: element, position: position)
            guard outcome == .applied else { return (outcome, []) }
            elementValues.append(value)
            return (outcome, parked.isEmpty ? [] : [element, position.id])
        case .move(let element, let stamp, let position):
            let outcome = core.move(element: element, stamp: stamp, position: position)
            return (outcome, outcome == .applied && !parked.isEmpty ? [position.id] : [])
        case .delete(let id, let element):
            return (core.delete(id: id, element: element), [])
        }
    }

    /// Applies many ops, with room made for them first (no storage grown twice over).
    public mutating func apply(_ ops: [Op]) {
        core.reserveCapacity(ops.count)
        for op in ops { apply(op) }
    }

    /// Ops applied before the position or element they refer to arrived: they wait, are not part
    /// of the encoded state, and go in once it does.
    public var waitingOps: [Op] { parked.values.flatMap { $0 } }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        core.sortedLog { !vector.contains(core.positions.agents[Int($0.key.agent)], UInt64($0.key.seq)) }.map(op)
    }

    public static func == (lhs: MovableList, rhs: MovableList) -> Bool {
        let (mine, theirs) = (lhs.core.canonicalElements(), rhs.core.canonicalElements())
        return mine == theirs
            && zip(mine, theirs).allSatisfy { lhs.elementValues[Int($0.index)] == rhs.elementValues[Int($1.index)] }
            && lhs.core.canonicalEarlyDeletes() == rhs.core.canonicalEarlyDeletes()
            && lhs.core.positions.sameState(as: rhs.core.positions)
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        let log = core.sortedLog { _ in true }
        writer.write(varint: UInt64(log.count))
        for logged in log { op(logged).encode(to: &writer) }
    }

    /// Applies each op as it is read, so a saved list is never held twice (as ops and as state).
    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        let count = try reader.readElementCount()
        core.reserveCapacity(count)
        var previous: OpID?
        for _ in 0..<count {
            let at = reader.offset
            let op = try Op(from: &reader)
            // In id order, each once: the order the encoding writes, and the order that makes
            // every replica that loads the state apply the same ops the same way.
            if let previous, !(previous < op.key) {
                throw CRDTDecodingError.invalidValue("list ops out of id order at byte \(at)")
            }
            previous = op.key
            apply(op)
        }
    }

    // MARK: Log

    /// The op a log record stands for.
    private func op(_ logged: ListCore.LoggedOp) -> Op {
        let subject = core.opID(logged.subject)
        switch logged.kind {
        case .insert:
            return .insert(
                element: subject, value: elementValues[Int(core.element(logged.subject)!)],
                position: core.position(logged.position))
        case .move:
            let stamp = WriteStamp(time: HLCTimestamp(rawValue: logged.time), op: core.opID(logged.key))
            return .move(element: subject, stamp: stamp, position: core.position(logged.position))
        case .delete:
            return .delete(id: core.opID(logged.key), element: subject)
        }
    }

    // MARK: Waiting

    private mutating func park(_ op: Op, waitingFor missing: OpID) {
        if !(parked[missing]?.contains(op) ?? false) { parked[missing, default: []].append(op) }
    }

    /// Applies the ops waiting for `id`, and those they in turn release, without recursion (a
    /// long chain of waiting ops must not run out of stack).
    private mutating func release(_ id: OpID) {
        guard var ready = parked.removeValue(forKey: id) else { return }
        ready.reverse()
        while let op = ready.popLast() {
            switch applyToCore(op) {
            case (.applied, let released):
                for key in released.reversed() {
                    if let more = parked.removeValue(forKey: key) { ready += more.reversed() }
                }
            case (.waiting(let missing), _): park(op, waitingFor: missing)
            case (.dropped, _): break
            }
        }
    }
}
