/// A replicated list in the Fugue class: concurrent inserts at one place never interleave,
/// whether typed forwards or backwards (FugueMax semantics; Weidner & Kleppmann, "The Art of
/// the Fugue"). Every item keeps the ids of its neighbours at insertion (`originLeft`,
/// `originRight`); a remote insert is placed by the integration rule in `place(_:)`.
///
/// Items live in one array, so an op costs O(n): meant for short lists (kanban columns,
/// z-order), and as the reference that faster sequence types are checked against.
public struct FugueList<Element: BinaryCodable & Equatable>: ReplicatedType {
    public struct Item: Equatable, Sendable {
        public var id: OpID
        public var originLeft: OpID?
        public var originRight: OpID?
        public var value: Element
        public var isDeleted: Bool
    }

    public enum Op: BinaryCodable, Equatable, Sendable {
        case insert(id: OpID, originLeft: OpID?, originRight: OpID?, value: Element)
        /// Op `id` deletes the item `target`.
        case delete(id: OpID, target: OpID)

        public func encode(to writer: inout BinaryWriter) {
            switch self {
            case .insert(let id, let left, let right, let value):
                writer.write(byte: 0)
                id.encode(to: &writer)
                left.encode(to: &writer)
                right.encode(to: &writer)
                value.encode(to: &writer)
            case .delete(let id, let target):
                writer.write(byte: 1)
                id.encode(to: &writer)
                target.encode(to: &writer)
            }
        }

        public init(from reader: inout BinaryReader) throws {
            let start = reader.offset
            switch try reader.readByte() {
            case 0:
                self = .insert(
                    id: try OpID(from: &reader), originLeft: try OpID?(from: &reader),
                    originRight: try OpID?(from: &reader), value: try Element(from: &reader))
            case 1:
                self = .delete(id: try OpID(from: &reader), target: try OpID(from: &reader))
            case let other:
                throw CRDTDecodingError.unknownTag(other, at: start)
            }
        }

        var id: OpID {
            switch self {
            case .insert(let id, _, _, _), .delete(let id, _): id
            }
        }
    }

    /// Every item in list order, deleted ones included.
    public private(set) var items: [Item] = []
    /// Every op applied, by id (for `ops(since:)` and idempotence).
    private var applied: [OpID: Op] = [:]
    /// Ops whose origins or target have not arrived yet.
    private var waiting: [Op] = []
    /// Inserts dropped as impossible; they are not passed on.
    private var rejected: Set<OpID> = []

    public init() {}

    /// The present values, in order.
    public var values: [Element] { items.lazy.filter { !$0.isDeleted }.map(\.value) }

    public var count: Int { items.lazy.filter { !$0.isDeleted }.count }

    /// Inserts `value` so that it becomes the element at `index` (0...count); returns the op.
    public mutating func insert(_ value: Element, at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        let slot = arrayIndex(ofVisible: index)
        let op = Op.insert(
            id: clock.next(physicalMilliseconds: now).op, originLeft: slot > 0 ? items[slot - 1].id : nil,
            originRight: slot < items.count ? items[slot].id : nil, value: value)
        apply(op)
        return op
    }

    /// Deletes the element at `index` (0..<count); returns the op.
    public mutating func remove(at index: Int, clock: inout OpClock, now: UInt64) -> Op {
        let op = Op.delete(id: clock.next(physicalMilliseconds: now).op, target: items[arrayIndex(ofVisible: index)].id)
        apply(op)
        return op
    }

    /// The id of the element at `index`: a stable anchor that survives concurrent edits.
    public func id(at index: Int) -> OpID { items[arrayIndex(ofVisible: index)].id }

    /// The current index of item `id`, or nil if it is deleted or unknown.
    public func index(of id: OpID) -> Int? {
        var visible = 0
        for item in items {
            if item.id == id { return item.isDeleted ? nil : visible }
            if !item.isDeleted { visible += 1 }
        }
        return nil
    }

    public mutating func apply(_ op: Op) {
        guard applied[op.id] == nil else { return }
        guard tryApply(op) else {
            if !waiting.contains(op) { waiting.append(op) }
            return
        }
        var progress = true
        while progress {
            progress = false
            for (position, candidate) in waiting.enumerated().reversed() where tryApply(candidate) {
                waiting.remove(at: position)
                progress = true
            }
        }
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        // In a causal order: every item after its origins, every delete after its target.
        var result: [Op] = []
        var emitted: Set<OpID> = []
        var remaining = applied.values.filter {
            !vector.contains($0.id.replica, $0.id.counter) && !rejected.contains($0.id)
        }.sorted { $0.id < $1.id }
        while !remaining.isEmpty {
            let before = remaining.count
            remaining.removeAll { op in
                let needs: [OpID?]
                switch op {
                case .insert(_, let left, let right, _): needs = [left, right]
                case .delete(_, let target): needs = [target]
                }
                let ready = needs.allSatisfy { need in
                    guard let need else { return true }
                    return emitted.contains(need) || vector.contains(need.replica, need.counter) || applied[need] == nil
                }
                if ready {
                    result.append(op)
                    emitted.insert(op.id)
                }
                return ready
            }
            if remaining.count == before { break }
        }
        return result
    }

    public static func == (lhs: FugueList, rhs: FugueList) -> Bool { lhs.items == rhs.items }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        ops(since: VersionVector()).encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        for op in try [Op](from: &reader) { apply(op) }
        guard waiting.isEmpty else { throw CRDTDecodingError.invalidValue("ops whose origins are missing") }
    }

    // MARK: Integration

    /// Applies `op` if everything it refers to is here; returns false if it must wait.
    private mutating func tryApply(_ op: Op) -> Bool {
        switch op {
        case .insert(let id, let left, let right, let value):
            switch place(id: id, originLeft: left, originRight: right) {
            case .waiting:
                return false
            case .impossible:
                applied[op.id] = op  // remembered, so it is not retried, but never placed
                rejected.insert(op.id)
                return true
            case .at(let destination):
                items.insert(
                    Item(id: id, originLeft: left, originRight: right, value: value, isDeleted: false),
                    at: destination)
            }
        case .delete(_, let target):
            guard let position = items.firstIndex(where: { $0.id == target }) else { return false }
            items[position].isDeleted = true
        }
        applied[op.id] = op
        return true
    }

    /// Where a new item goes: after `originLeft`, before `originRight`, and among concurrent
    /// inserts at the same place ordered so that each replica's run stays together. Among items
    /// with the same origins the smaller replica id comes first.
    private func place(id: OpID, originLeft: OpID?, originRight: OpID?) -> Placement {
        guard let left = position(of: originLeft, absent: -1),
            let right = position(of: originRight, absent: items.count)
        else { return .waiting }
        // Items never change order, so an honest insert's left origin is always before its right.
        guard left < right else { return .impossible }
        var destination = left + 1
        var scanning = false
        var index = left + 1
        while true {
            if !scanning { destination = index }
            if index == items.count || index == right { break }
            let other = items[index]
            guard let otherLeft = position(of: other.originLeft, absent: -1),
                let otherRight = position(of: other.originRight, absent: items.count)
            else { return .waiting }
            if otherLeft < left {
                break
            } else if otherLeft == left {
                if otherRight < right {
                    scanning = true
                } else if otherRight == right {
                    if id.replica < other.id.replica { break }
                    scanning = false
                } else {
                    scanning = false
                }
            }
            index += 1
        }
        return .at(destination)
    }

    private enum Placement {
        case at(Int)
        /// An origin has not arrived yet.
        case waiting
        /// No replica could have made the insert (its origins are in the wrong order): it is
        /// dropped, the same way on every replica, since existing items keep their order.
        case impossible
    }

    /// The array index of `id`, `absent` for nil, or nil when the id is unknown.
    private func position(of id: OpID?, absent: Int) -> Int? {
        guard let id else { return absent }
        return items.firstIndex { $0.id == id }
    }

    /// The array index of the `index`-th present item (the array's end for `count`).
    private func arrayIndex(ofVisible index: Int) -> Int {
        precondition(index >= 0, "a list index is never negative")
        var visible = 0
        for (position, item) in items.enumerated() where !item.isDeleted {
            if visible == index { return position }
            visible += 1
        }
        precondition(visible == index, "index \(index) is past the end of a list of \(visible)")
        return items.count
    }
}
