/// Appends values in Hearth's compact CRDT encoding: unsigned LEB128 varints, length-prefixed
/// bytes and UTF-8 strings. The format is specified in `Protocol/crdt-encoding.md`.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(varint value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Signed integers zig-zag encoded, so small negative numbers stay short.
    public mutating func write(signed value: Int64) {
        write(varint: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func write(byte: UInt8) { bytes.append(byte) }

    public mutating func write(bytes value: [UInt8]) {
        write(varint: UInt64(value.count))
        bytes += value
    }

    public mutating func write(string value: String) {
        write(bytes: Array(value.utf8))
    }

    public mutating func write(double value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }
}
