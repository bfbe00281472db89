/// A value that can be stored in a CRDT and written in the compact encoding.
public protocol BinaryCodable: Sendable {
    func encode(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws
}

extension String: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(string: self) }
    public init(from reader: inout BinaryReader) throws { self = try reader.readString() }
}

extension Int64: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(signed: self) }
    public init(from reader: inout BinaryReader) throws { self = try reader.readSigned() }
}

extension UInt64: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(varint: self) }
    public init(from reader: inout BinaryReader) throws { self = try reader.readVarint() }
}

extension Int: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(signed: Int64(self)) }
    public init(from reader: inout BinaryReader) throws {
        let value = try reader.readSigned()
        guard let fitting = Int(exactly: value) else { throw CRDTDecodingError.invalidValue("\(value) overflows Int") }
        self = fitting
    }
}

extension Double: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(double: self) }
    public init(from reader: inout BinaryReader) throws { self = try reader.readDouble() }
}

extension Bool: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(byte: self ? 1 : 0) }
    public init(from reader: inout BinaryReader) throws {
        let start = reader.offset
        switch try reader.readByte() {
        case 0: self = false
        case 1: self = true
        case let other: throw CRDTDecodingError.unknownTag(other, at: start)
        }
    }
}

extension Array: BinaryCodable where Element: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: UInt64(count))
        for element in self { element.encode(to: &writer) }
    }

    public init(from reader: inout BinaryReader) throws {
        let count = try reader.readElementCount()
        self = []
        reserveCapacity(count)
        for _ in 0..<count { append(try Element(from: &reader)) }
    }
}

extension Optional: BinaryCodable where Wrapped: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .none: writer.write(byte: 0)
        case .some(let value):
            writer.write(byte: 1)
            value.encode(to: &writer)
        }
    }

    public init(from reader: inout BinaryReader) throws {
        let start = reader.offset
        switch try reader.readByte() {
        case 0: self = .none
        case 1: self = .some(try Wrapped(from: &reader))
        case let other: throw CRDTDecodingError.unknownTag(other, at: start)
        }
    }
}

extension BinaryCodable {
    /// The value alone, in the compact encoding.
    public func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes a value that must use every byte.
    /// - Throws: `CRDTDecodingError` for truncated, malformed or trailing bytes.
    public static func decode(_ bytes: [UInt8]) throws -> Self {
        var reader = BinaryReader(bytes)
        let value = try Self(from: &reader)
        try reader.expectEnd()
        return value
    }
}
