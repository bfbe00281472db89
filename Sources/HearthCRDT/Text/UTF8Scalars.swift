/// The scalars of a stretch of valid UTF-8, decoded as they are read: a batch's text, or a
/// string's own UTF-8 (decoding it here is cheaper than through `String.unicodeScalars`).
struct UTF8Scalars<Bytes: RandomAccessCollection<UInt8>>: Sequence, IteratorProtocol where Bytes.Index == Int {
    let bytes: Bytes
    var index: Int
    let end: Int

    mutating func next() -> Unicode.Scalar? {
        guard index < end else { return nil }
        if bytes[index] < 0x80 {  // ASCII: the byte is the scalar
            defer { index += 1 }
            return Unicode.Scalar(bytes[index])
        }
        let lead = UInt32(bytes[index])
        let length = UTF8Bytes.scalarLength(leadByte: bytes[index])
        var value: UInt32
        switch length {  // 2 to 4: ASCII went above
        case 2: value = lead & 0x1F
        case 3: value = lead & 0x0F
        default: value = lead & 0x07
        }
        for offset in 1..<length { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
        index += length
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}

/// Counting in valid UTF-8.
enum UTF8Bytes {
    /// The bytes of the UTF-8 sequence that starts with `byte`.
    static func scalarLength(leadByte byte: UInt8) -> Int {
        byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
    }

    /// The scalars in `bytes`: every byte but a continuation byte (10xxxxxx) starts one.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where Int8(bitPattern: byte) >= -64 { count += 1 }
        return count
    }
}
