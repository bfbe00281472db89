/// Who made an op: a node's public key in Hearth, any byte string of up to 32 bytes to the CRDTs.
/// Ordered byte-wise (a shorter id before its extensions); ties between concurrent writes go to
/// the greater id. Stored inline (no heap allocation), since every op carries one.
public struct ReplicaID: Hashable, Comparable, Sendable, BinaryCodable, CustomStringConvertible {
    /// The bytes packed big-endian into four words, zero-padded, so that comparing the words
    /// compares the bytes.
    private var words: (UInt64, UInt64, UInt64, UInt64)
    private var length: UInt8

    /// Longest id accepted, in bytes.
    public static let maxLength = 32

    /// - Precondition: at most `maxLength` bytes.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count <= Self.maxLength, "a replica id is at most \(Self.maxLength) bytes")
        func word(_ index: Int) -> UInt64 {
            var word: UInt64 = 0
            for offset in 0..<8 where index * 8 + offset < bytes.count {
                word |= UInt64(bytes[index * 8 + offset]) << (56 - 8 * UInt64(offset))
            }
            return word
        }
        words = (word(0), word(1), word(2), word(3))
        length = UInt8(bytes.count)
    }

    /// A readable id for tests and examples.
    public init(_ name: String) { self.init(Array(name.utf8)) }

    public var bytes: [UInt8] {
        let packed = [words.0, words.1, words.2, words.3]
        return (0..<Int(length)).map { UInt8(truncatingIfNeeded: packed[$0 / 8] >> (56 - 8 * UInt64($0 % 8))) }
    }

    public static func == (lhs: ReplicaID, rhs: ReplicaID) -> Bool {
        lhs.length == rhs.length && lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
        hasher.combine(length)
    }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool {
        (lhs.words.0, lhs.words.1, lhs.words.2, lhs.words.3, lhs.length)
            < (rhs.words.0, rhs.words.1, rhs.words.2, rhs.words.3, rhs.length)
    }

    public func encode(to writer: inout BinaryWriter) { writer.write(bytes: bytes) }

    public init(from reader: inout BinaryReader) throws {
        let raw = try reader.readBytes()
        guard raw.count <= Self.maxLength else {
            throw CRDTDecodingError.invalidValue("a replica id of \(raw.count) bytes")
        }
        self.init(raw)
    }

    public var description: String {
        let raw = bytes
        if let text = String(validating: raw, as: UTF8.self), text.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return text
        }
        return raw.prefix(4).map { String($0, radix: 16) }.joined()
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
