/// A counter that goes up and down: one grow-only counter of increments, one of decrements.
public struct PNCounter: ReplicatedType {
    public enum Op: BinaryCodable, Equatable, Sendable {
        case increment(GCounter.Op)
        case decrement(GCounter.Op)

        public func encode(to writer: inout BinaryWriter) {
            switch self {
            case .increment(let op):
                writer.write(byte: 0)
                op.encode(to: &writer)
            case .decrement(let op):
                writer.write(byte: 1)
                op.encode(to: &writer)
            }
        }

        public init(from reader: inout BinaryReader) throws {
            let start = reader.offset
            switch try reader.readByte() {
            case 0: self = .increment(try GCounter.Op(from: &reader))
            case 1: self = .decrement(try GCounter.Op(from: &reader))
            case let other: throw CRDTDecodingError.unknownTag(other, at: start)
            }
        }
    }

    public private(set) var increments = GCounter()
    public private(set) var decrements = GCounter()

    public init() {}

    /// Increments minus decrements, clamped to the range of Int64.
    public var value: Int64 {
        let up = increments.value
        let down = decrements.value
        return up >= down ? Int64(clamping: up - down) : -Int64(clamping: down - up)
    }

    /// Adds `amount` (negative to subtract); returns the op to send.
    public mutating func add(_ amount: Int64, clock: inout OpClock, now: UInt64) -> Op {
        let op: Op =
            amount >= 0
            ? .increment(increments.increment(by: amount.magnitude, clock: &clock, now: now))
            : .decrement(decrements.increment(by: amount.magnitude, clock: &clock, now: now))
        return op
    }

    public mutating func apply(_ op: Op) {
        switch op {
        case .increment(let op): increments.apply(op)
        case .decrement(let op): decrements.apply(op)
        }
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        increments.ops(since: vector).map(Op.increment) + decrements.ops(since: vector).map(Op.decrement)
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        increments.encode(to: &writer)
        decrements.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        increments = try GCounter(from: &reader)
        decrements = try GCounter(from: &reader)
    }
}
