/// Fields of many records (kanban cards, whiteboard shapes), each field a last-writer-wins
/// register, so two people editing different fields of one card both keep their edit.
public struct RecordMap<Record: BinaryCodable & Hashable & Comparable, Value: BinaryCodable & Equatable>:
    ReplicatedType
{
    /// One field of one record.
    public struct FieldKey: BinaryCodable, Hashable, Comparable, Sendable {
        public var record: Record
        public var field: String

        public init(record: Record, field: String) {
            self.record = record
            self.field = field
        }

        public static func < (lhs: FieldKey, rhs: FieldKey) -> Bool {
            lhs.record == rhs.record ? lhs.field < rhs.field : lhs.record < rhs.record
        }

        public func encode(to writer: inout BinaryWriter) {
            record.encode(to: &writer)
            writer.write(string: field)
        }

        public init(from reader: inout BinaryReader) throws {
            record = try Record(from: &reader)
            field = try reader.readString()
        }
    }

    public typealias Op = LWWMap<FieldKey, Value>.Op

    private var fields = LWWMap<FieldKey, Value>()

    public init() {}

    /// The present fields of `record`, by name.
    public func fields(of record: Record) -> [String: Value] {
        var result: [String: Value] = [:]
        for (key, value) in fields.values where key.record == record { result[key.field] = value }
        return result
    }

    public subscript(record: Record, field: String) -> Value? { fields[FieldKey(record: record, field: field)] }

    /// Sets (or with nil clears) one field; returns the op to send.
    public mutating func set(_ record: Record, _ field: String, to value: Value?, clock: inout OpClock, now: UInt64)
        -> Op
    {
        fields.set(FieldKey(record: record, field: field), to: value, clock: &clock, now: now)
    }

    public mutating func apply(_ op: Op) { fields.apply(op) }

    public func ops(since vector: VersionVector<ReplicaID>) -> [Op] { fields.ops(since: vector) }

    public func encode(to writer: inout BinaryWriter) { fields.encode(to: &writer) }

    public init(from reader: inout BinaryReader) throws { fields = try LWWMap(from: &reader) }
}
