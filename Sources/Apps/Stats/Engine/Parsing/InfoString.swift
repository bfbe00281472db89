/// Quake 3's info strings: `key\value\key\value`, with or without a leading backslash (`InitGame`
/// has one, `ClientUserinfoChanged` does not). Keys and values cannot contain a backslash.
enum InfoString {
    /// The pairs of `range` in order; a trailing key without its value gets "".
    static func pairs(_ scanner: ByteScanner, _ range: Range<Int>) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var start = range.lowerBound
        if start < range.upperBound, scanner.bytes[start] == UInt8(ascii: "\\") { start += 1 }
        var key: Range<Int>?
        var index = start
        while index <= range.upperBound {
            if index == range.upperBound || scanner.bytes[index] == UInt8(ascii: "\\") {
                if let pending = key {
                    pairs.append((scanner.string(pending), scanner.string(start..<index)))
                    key = nil
                } else if index > start || index < range.upperBound {
                    key = start..<index
                }
                start = index + 1
            }
            index += 1
        }
        if let pending = key, !pending.isEmpty { pairs.append((scanner.string(pending), "")) }
        return pairs
    }

    /// The pairs of `range` as a dictionary (the last value wins when a key repeats).
    static func dictionary(_ scanner: ByteScanner, _ range: Range<Int>) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in pairs(scanner, range) where !key.isEmpty { values[key] = value }
        return values
    }
}
