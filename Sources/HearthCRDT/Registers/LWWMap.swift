/// A map whose every key is a last-writer-wins register; a removal is a write of "absent", so a
/// key removed and set concurrently ends as the later of the two.
public struct LWWMap<Key: BinaryCodable & Hashable & Comparable, Value: BinaryCodable & Equatable>: ReplicatedType {
    public struct Op: BinaryCodable, Equatable, Sendable {
        public var key: Key
        /// nil removes the key.
        public var value: Value?
        public var stamp: WriteStamp

        public init(key: Key, value: Value?, stamp: WriteStamp) {
            self.key = key
            self.value = value
            self.stamp = stamp
        }

        public func encode(to writer: inout BinaryWriter) {
            stamp.encode(to: &writer)
            key.encode(to: &writer)
            value.encode(to: &writer)
        }

        public init(from reader: inout BinaryReader) throws {
            stamp = try WriteStamp(from: &reader)
            key = try Key(from: &reader)
            value = try Value?(from: &reader)
        }
    }

    /// The winning write per key, removals included (they must keep beating older writes).
    public private(set) var entries: [Key: Op] = [:]

    public init() {}

    public subscript(key: Key) -> Value? { entries[key]?.value }

    /// The present keys and values, by key.
    public var values: [(key: Key, value: Value)] {
        entries.compactMap { key, op in op.value.map { (key, $0) } }.sorted { $0.key < $1.key }
    }

    /// Sets (or with nil removes) `key` locally; returns the op to send.
    public mutating func set(_ key: Key, to value: Value?, clock: inout OpClock, now: UInt64) -> Op {
        let op = Op(key: key, value: value, stamp: clock.next(physicalMilliseconds: now))
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        if let current = entries[op.key], op.stamp <= current.stamp { return }
        entries[op.key] = op
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        entries.values.filter { !vector.contains($0.stamp.op.replica, $0.stamp.op.counter) }
            .sorted { $0.key < $1.key }
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        entries.values.sorted { $0.key < $1.key }.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        for op in try [Op](from: &reader) {
            guard entries.updateValue(op, forKey: op.key) == nil else {
                throw CRDTDecodingError.invalidValue("a key appears twice")
            }
        }
    }
}
