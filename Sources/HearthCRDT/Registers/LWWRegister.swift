/// A last-writer-wins register: the value of the write with the greatest stamp (HLC time, then
/// replica id, then counter).
public struct LWWRegister<Value: BinaryCodable & Equatable>: ReplicatedType {
    public struct Op: BinaryCodable, Equatable, Sendable {
        public var value: Value
        public var stamp: WriteStamp

        public func encode(to writer: inout BinaryWriter) {
            stamp.encode(to: &writer)
            value.encode(to: &writer)
        }

        public init(value: Value, stamp: WriteStamp) {
            self.value = value
            self.stamp = stamp
        }

        public init(from reader: inout BinaryReader) throws {
            stamp = try WriteStamp(from: &reader)
            value = try Value(from: &reader)
        }
    }

    public private(set) var current: Op?

    public init() {}

    /// The value, or nil before any write.
    public var value: Value? { current?.value }

    /// Writes `value` locally; returns the op to send to other replicas.
    public mutating func set(_ value: Value, clock: inout OpClock, now: UInt64) -> Op {
        let op = Op(value: value, stamp: clock.next(physicalMilliseconds: now))
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        if let current, op.stamp <= current.stamp { return }
        current = op
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        guard let current, !vector.contains(current.stamp.op.replica, current.stamp.op.counter) else { return [] }
        return [current]
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        current.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        current = try Op?(from: &reader)
    }
}
