/// Reads Hearth's compact CRDT encoding from untrusted bytes: every read checks its bounds and
/// throws `CRDTDecodingError`; nothing traps on garbage.
public struct BinaryReader: Sendable {
    private let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }
    public var remaining: Int { bytes.count - offset }

    public mutating func readVarint() throws -> UInt64 {
        if offset < bytes.count, case let byte = bytes[offset], byte < 0x80 {  // one byte: most of them
            offset += 1
            return UInt64(byte)
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw CRDTDecodingError.truncated(at: offset) }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw CRDTDecodingError.overlongVarint(at: offset - 1) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    public mutating func readSigned() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A varint that must fit in `Int` and be at most `limit` (a count or a length).
    public mutating func readCount(limit: Int = Int(Int32.max)) throws -> Int {
        let start = offset
        let value = try readVarint()
        guard value <= UInt64(limit) else { throw CRDTDecodingError.implausibleCount(value, at: start) }
        return Int(value)
    }

    public mutating func readByte() throws -> UInt8 {
        guard offset < bytes.count else { throw CRDTDecodingError.truncated(at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A count of things that take at least one byte each (elements, bytes): a count above the
    /// bytes left is a lie, refused before anything is reserved for it.
    public mutating func readElementCount() throws -> Int {
        let start = offset
        let count = try readCount()
        guard count <= remaining else { throw CRDTDecodingError.implausibleCount(UInt64(count), at: start) }
        return count
    }

    public mutating func readBytes() throws -> [UInt8] {
        let count = try readElementCount()
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func readString() throws -> String {
        let start = offset
        let raw = try readBytes()
        guard let text = String(validating: raw, as: UTF8.self) else { throw CRDTDecodingError.invalidUTF8(at: start) }
        return text
    }

    public mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw CRDTDecodingError.truncated(at: offset) }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    /// Throws unless every byte was consumed.
    public func expectEnd() throws {
        guard isAtEnd else { throw CRDTDecodingError.trailingBytes(count: remaining) }
    }
}
