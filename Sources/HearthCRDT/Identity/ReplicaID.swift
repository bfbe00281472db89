/// Who made an op: a node's public key in Hearth, any short byte string to the CRDTs.
/// Ordered byte-wise; ties between concurrent writes go to the greater id.
public struct ReplicaID: Hashable, Comparable, Sendable, BinaryCodable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Longest id accepted, in bytes.
    public static let maxLength = 64

    /// - Precondition: at most `maxLength` bytes.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count <= Self.maxLength, "a replica id is at most \(Self.maxLength) bytes")
        self.bytes = bytes
    }

    /// A readable id for tests and examples.
    public init(_ name: String) { self.init(Array(name.utf8)) }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public func encode(to writer: inout BinaryWriter) { writer.write(bytes: bytes) }

    public init(from reader: inout BinaryReader) throws {
        let raw = try reader.readBytes()
        guard raw.count <= Self.maxLength else {
            throw CRDTDecodingError.invalidValue("a replica id of \(raw.count) bytes")
        }
        bytes = raw
    }

    public var description: String {
        if let text = String(validating: bytes, as: UTF8.self), text.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return text
        }
        return bytes.prefix(4).map { String($0, radix: 16) }.joined()
    }
}

/// Names one op: its replica and that replica's counter (1, 2, 3, … per replica and object).
public struct OpID: Hashable, Comparable, Sendable, BinaryCodable, CustomStringConvertible {
    public var replica: ReplicaID
    public var counter: UInt64

    public init(_ replica: ReplicaID, _ counter: UInt64) {
        self.replica = replica
        self.counter = counter
    }

    public static func < (lhs: OpID, rhs: OpID) -> Bool {
        (lhs.counter, lhs.replica) < (rhs.counter, rhs.replica)
    }

    public func encode(to writer: inout BinaryWriter) {
        replica.encode(to: &writer)
        writer.write(varint: counter)
    }

    public init(from reader: inout BinaryReader) throws {
        replica = try ReplicaID(from: &reader)
        counter = try reader.readVarint()
        guard counter > 0 else { throw CRDTDecodingError.invalidValue("an op counter of 0 (counters start at 1)") }
    }

    public var description: String { "\(replica)@\(counter)" }
}

/// When a write happened, for last-writer-wins: the HLC reading, then the writer's id.
public struct WriteStamp: Hashable, Comparable, Sendable, BinaryCodable {
    public var time: HLCTimestamp
    public var op: OpID

    public init(time: HLCTimestamp, op: OpID) {
        self.time = time
        self.op = op
    }

    public static func < (lhs: WriteStamp, rhs: WriteStamp) -> Bool {
        (lhs.time, lhs.op.replica, lhs.op.counter) < (rhs.time, rhs.op.replica, rhs.op.counter)
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: time.rawValue)
        op.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        time = HLCTimestamp(rawValue: try reader.readVarint())
        op = try OpID(from: &reader)
    }
}
