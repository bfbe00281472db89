/// A grow-only counter: each replica keeps its own running total; the value is their sum.
public struct GCounter: ReplicatedType {
    /// "Replica `op.replica`'s total is now `total`", as of its op `op.counter`.
    public struct Op: BinaryCodable, Equatable, Sendable {
        public var op: OpID
        public var total: UInt64

        public init(op: OpID, total: UInt64) {
            self.op = op
            self.total = total
        }

        public func encode(to writer: inout BinaryWriter) {
            op.encode(to: &writer)
            writer.write(varint: total)
        }

        public init(from reader: inout BinaryReader) throws {
            op = try OpID(from: &reader)
            total = try reader.readVarint()
        }
    }

    /// The latest total per replica.
    public private(set) var totals: [ReplicaID: Op] = [:]

    public init() {}

    /// The sum of every replica's total (saturating at UInt64.max).
    public var value: UInt64 {
        totals.values.reduce(0) { sum, op in
            let (result, overflow) = sum.addingReportingOverflow(op.total)
            return overflow ? .max : result
        }
    }

    /// Adds `amount` for this replica; returns the op to send.
    public mutating func increment(by amount: UInt64 = 1, clock: inout OpClock, now: UInt64) -> Op {
        let mine = totals[clock.replica]?.total ?? 0
        let (total, overflow) = mine.addingReportingOverflow(amount)
        let op = Op(op: clock.next(physicalMilliseconds: now).op, total: overflow ? .max : total)
        apply(op)
        return op
    }

    public mutating func apply(_ op: Op) {
        if let current = totals[op.op.replica], current.op.counter >= op.op.counter { return }
        totals[op.op.replica] = op
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] {
        totals.values.filter { !vector.contains($0.op.replica, $0.op.counter) }.sorted { $0.op.replica < $1.op.replica }
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        ops(since: VersionVector()).encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        for op in try [Op](from: &reader) {
            guard totals.updateValue(op, forKey: op.op.replica) == nil else {
                throw CRDTDecodingError.invalidValue("a replica appears twice")
            }
        }
    }
}
