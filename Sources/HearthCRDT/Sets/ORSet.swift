/// An observed-remove set, add-wins: a removal removes only the adds it has seen, so an element
/// added concurrently with its removal stays.
public struct ORSet<Element: BinaryCodable & Hashable & Comparable>: ReplicatedType {
    public enum Op: BinaryCodable, Equatable, Sendable {
        /// `element` added under the unique tag `tag`.
        case add(Element, tag: OpID)
        /// The adds with these tags are removed (op `id` made the removal).
        case remove(id: OpID, tags: [OpID])

        public func encode(to writer: inout BinaryWriter) {
            switch self {
            case .add(let element, let tag):
                writer.write(byte: 0)
                tag.encode(to: &writer)
                element.encode(to: &writer)
            case .remove(let id, let tags):
                writer.write(byte: 1)
                id.encode(to: &writer)
                tags.encode(to: &writer)
            }
        }

        public init(from reader: inout BinaryReader) throws {
            let start = reader.offset
            switch try reader.readByte() {
            case 0:
                let tag = try OpID(from: &reader)
                self = .add(try Element(from: &reader), tag: tag)
            case 1:
                self = .remove(id: try OpID(from: &reader), tags: try [OpID](from: &reader))
            case let other:
                throw CRDTDecodingError.unknownTag(other, at: start)
            }
        }
    }

    /// Tags of live adds, per element.
    private var live: [Element: Set<OpID>] = [:]
    private var elementOfTag: [OpID: Element] = [:]
    /// Every removed tag, so a late duplicate of a removed add stays removed.
    private var tombstones: Set<OpID> = []
    private var removals: [OpID: [OpID]] = [:]

    public init() {}

    public func contains(_ element: Element) -> Bool { live[element] != nil }

    /// The present elements, sorted.
    public var elements: [Element] { live.keys.sorted() }

    public var count: Int { live.count }

    /// Adds `element` locally; returns the op to send.
    public mutating func insert(_ element: Element, clock: inout OpClock, now: UInt64) -> Op {
        let op = Op.add(element, tag: clock.next(physicalMilliseconds: now).op)
        apply(op)
        return op
    }

    /// Removes `element` as this replica sees it; nil when it is not present.
    public mutating func remove(_ element: Element, clock: inout OpClock, now: UInt64) -> Op? {
        guard let tags = live[element] else { return nil }
        let op = Op.remove(id: clock.next(physicalMilliseconds: now).op, tags: tags.sorted())
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        switch op {
        case .add(let element, let tag):
            guard !tombstones.contains(tag), elementOfTag[tag] == nil else { return }
            live[element, default: []].insert(tag)
            elementOfTag[tag] = element
        case .remove(let id, let tags):
            guard removals[id] == nil else { return }
            removals[id] = tags
            for tag in tags {
                tombstones.insert(tag)
                guard let element = elementOfTag.removeValue(forKey: tag) else { continue }
                live[element]?.remove(tag)
                if live[element]?.isEmpty == true { live[element] = nil }
            }
        }
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        let adds = elementOfTag.filter { !vector.contains($0.key.replica, $0.key.counter) }
            .sorted { $0.key < $1.key }.map { Op.add($0.value, tag: $0.key) }
        let removes = removals.filter { !vector.contains($0.key.replica, $0.key.counter) }
            .sorted { $0.key < $1.key }.map { Op.remove(id: $0.key, tags: $0.value) }
        return adds + removes
    }

    public static func == (lhs: ORSet, rhs: ORSet) -> Bool {
        lhs.live == rhs.live && lhs.tombstones == rhs.tombstones && lhs.removals == rhs.removals
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        ops(since: VersionVector()).encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        for op in try [Op](from: &reader) { apply(op) }
    }
}
