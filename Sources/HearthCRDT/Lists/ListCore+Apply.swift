/// Ops applied to a list's core: from other replicas (each idempotent, waiting for what it names)
/// and made here.
extension ListCore {
    // MARK: Ops from anywhere

    /// A new element `element` at a new position.
    mutating func insert(element: OpID, position: ListPosition) -> Outcome {
        guard let key = pack(element), let place = pack(position) else { return .dropped }
        guard !names(of: key).logged, self.element(key) == nil, !positions.contains(place.id.char) else {
            return .dropped
        }
        if let missing = missingOrigin(of: place, in: position) { return .waiting(for: missing) }
        let deletedBy = earlyDeletes.isEmpty ? nil : earlyDeletes[key]
        put(place, visible: deletedBy == nil)
        if deletedBy != nil { setEarlyDelete(of: key, by: nil) }
        _ = addElement(
            Element(id: key, position: place.id, placedTime: 0, placedBy: key, deletedBy: deletedBy ?? .none))
        record(LoggedOp(time: 0, key: key, subject: key, position: place.id, kind: .insert))
        return .applied
    }

    /// Moves `element` to a new position, as of `stamp`: the position is placed either way, and
    /// visible only if this write beats the one that placed the element. (A position that cannot
    /// be placed, as no honest replica makes, is kept as the op said, and is nowhere: the op is
    /// still applied, so every replica keeps the same ops whatever order they came in.)
    mutating func move(element: OpID, stamp: WriteStamp, position: ListPosition) -> Outcome {
        guard let key = pack(stamp.op), let subject = pack(element), let place = pack(position) else { return .dropped }
        guard !names(of: key).logged, !positions.contains(place.id.char) else { return .dropped }
        guard let index = self.element(subject) else { return .waiting(for: element) }
        if let missing = missingOrigin(of: place, in: position) { return .waiting(for: missing) }
        var current = elements[Int(index)]
        let time = stamp.time.rawValue
        let wins = beats(time: time, by: key, placementOf: current)
        put(place, visible: wins && current.deletedBy.isNone)
        setOwner(place.id, index)
        if wins {
            positions.hide(current.position.char)
            current.position = place.id
            current.placedTime = time
            current.placedBy = key
            updateElement(index, current)
        }
        record(LoggedOp(time: time, key: key, subject: subject, position: place.id, kind: .move))
        return .applied
    }

    /// Removes `element` for good; of two deletes of one element the greater op id is kept.
    mutating func delete(id: OpID, element: OpID) -> Outcome {
        guard let key = pack(id), let subject = pack(element) else { return .dropped }
        guard !names(of: key).logged else { return .dropped }
        if let index = self.element(subject) {
            var current = elements[Int(index)]
            if current.deletedBy.isNone || precedes(current.deletedBy, key) { current.deletedBy = key }
            positions.hide(current.position.char)
            updateElement(index, current)
        } else {
            let kept = earlyDeletes[subject].map { precedes($0, key) ? key : $0 } ?? key
            setEarlyDelete(of: subject, by: kept)
        }
        record(LoggedOp(time: 0, key: key, subject: subject, position: .none, kind: .delete))
        return .applied
    }

    // MARK: Ops made here

    /// Inserts an element at `index` (0...count); returns its id and position.
    mutating func insert(at index: Int, clock: inout OpClock, now: UInt64) -> (element: OpID, position: ListPosition) {
        let element = clock.next(physicalMilliseconds: now).op
        guard let key = pack(element) else { preconditionFailure("the op counter ran out") }
        let (position, place) = makePosition(at: index, clock: &clock, now: now)
        _ = addElement(Element(id: key, position: place.id, placedTime: 0, placedBy: key))
        record(LoggedOp(time: 0, key: key, subject: key, position: place.id, kind: .insert))
        return (element, position)
    }

    /// Moves the element at `from` so that it ends at `to` (both 0..<count).
    mutating func move(from: Int, to: Int, clock: inout OpClock, now: UInt64) -> (
        element: OpID, stamp: WriteStamp, position: ListPosition
    ) {
        let index = element(atVisible: from)
        var current = elements[Int(index)]
        let stamp = clock.next(physicalMilliseconds: now)
        guard let key = pack(stamp.op) else { preconditionFailure("the op counter ran out") }
        // The new position goes among the elements as they are before the move.
        let (position, place) = makePosition(at: to > from ? to + 1 : to, clock: &clock, now: now)
        setOwner(place.id, index)
        positions.hide(current.position.char)
        current.position = place.id
        current.placedTime = stamp.time.rawValue
        current.placedBy = key
        updateElement(index, current)
        record(LoggedOp(time: current.placedTime, key: key, subject: current.id, position: place.id, kind: .move))
        return (opID(current.id), stamp, position)
    }

    // MARK: Positions

    /// A position in the list's numbering.
    struct PackedPlace {
        var id: PackedID
        var originLeft: PackedID = .none
        var originRight: PackedID = .none
    }

    private mutating func pack(_ position: ListPosition) -> PackedPlace? {
        guard let id = pack(position.id) else { return nil }
        var place = PackedPlace(id: id)
        if let left = position.originLeft {
            guard let packed = pack(left) else { return nil }
            place.originLeft = packed
        }
        if let right = position.originRight {
            guard let packed = pack(right) else { return nil }
            place.originRight = packed
        }
        return place
    }

    private func missingOrigin(of place: PackedPlace, in position: ListPosition) -> OpID? {
        if !place.originLeft.isNone, !positions.contains(place.originLeft.char) { return position.originLeft }
        if !place.originRight.isNone, !positions.contains(place.originRight.char) { return position.originRight }
        return nil
    }

    /// Places a position; one that cannot be placed keeps its origins aside for the encoding.
    private mutating func put(_ place: PackedPlace, visible: Bool) {
        let placed = positions.placePosition(
            place.id.char, originLeft: place.originLeft.optional, originRight: place.originRight.optional,
            visible: visible)
        if !placed { keepUnplaced(place.id, originLeft: place.originLeft, originRight: place.originRight) }
    }

    /// A new visible position at `index` among the visible ones.
    private mutating func makePosition(at index: Int, clock: inout OpClock, now: UInt64) -> (ListPosition, PackedPlace)
    {
        guard case .insert(let id, let left, let right, _) = positions.insert(" ", at: index, clock: &clock, now: now)
        else { preconditionFailure("a one-character insert makes an insert op") }
        let position = ListPosition(id: id, originLeft: left, originRight: right)
        guard let place = pack(position) else { preconditionFailure("the op counter ran out") }
        return (position, place)
    }
}
