/// A forward-only reader over one log line's UTF-8 bytes: the parsers' only tool, so that a short
/// or garbled line ends in a `nil` (noise), never in a trap.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }
    var remaining: Range<Int> { min(position, bytes.count)..<bytes.count }

    /// Skips ASCII spaces and tabs.
    mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    /// Consumes `byte` when it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Consumes `literal` (ASCII) when it comes next.
    mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count, matches(literal, at: position) else { return false }
        position += count
        return true
    }

    /// Reads a decimal integer, optionally negative, of at most nine digits (so it cannot overflow).
    mutating func integer() -> Int? {
        var index = position
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value = 0
        var digits = 0
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            guard digits < 9 else { return nil }
            value = value * 10 + Int(bytes[index] &- 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        position = index
        return negative ? -value : value
    }

    /// Reads up to (not including) the next `byte` and steps over it; nil when there is none.
    mutating func upTo(_ byte: UInt8) -> Range<Int>? {
        var index = position
        while index < bytes.count {
            if bytes[index] == byte {
                defer { position = index + 1 }
                return position..<index
            }
            index += 1
        }
        return nil
    }

    /// Whether the ASCII `literal` sits at `index`.
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index >= 0, bytes.count - index >= count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        return true
    }

    /// Whether `range` holds exactly the ASCII `literal`.
    func range(_ range: Range<Int>, equals literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && matches(literal, at: range.lowerBound)
    }

    /// The start of the last occurrence of `literal` inside `range`, if any.
    func lastIndex(of literal: StaticString, in range: Range<Int>) -> Int? {
        var index = range.upperBound - literal.utf8CodeUnitCount
        while index >= range.lowerBound {
            if matches(literal, at: index) { return index }
            index -= 1
        }
        return nil
    }

    /// The first occurrence of `literal` inside `range`, if any.
    func firstIndex(of literal: StaticString, in range: Range<Int>) -> Int? {
        let last = range.upperBound - literal.utf8CodeUnitCount
        guard range.lowerBound <= last else { return nil }
        for index in range.lowerBound...last where matches(literal, at: index) { return index }
        return nil
    }

    /// The bytes of `range` as a string (invalid UTF-8 repaired with U+FFFD, as everywhere).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The whole of `range` read as one integer (nil unless it is nothing but one).
    func integer(in range: Range<Int>) -> Int? {
        var scanner = ByteScanner(UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]), from: range.lowerBound)
        guard let value = scanner.integer(), scanner.isAtEnd else { return nil }
        return value
    }
}
