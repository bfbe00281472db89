/// Reads one out-of-band answer: the prefix and command line, then an info string line and the
/// player lines, within `ServerQuery.Limits`. Indexes only move forward and every read is bounds
/// checked, so any input ends in a value or a `ServerQueryError`.
struct OutOfBandReader {
    typealias Limits = ServerQuery.Limits

    private let bytes: [UInt8]
    private var position: Int

    private static let newline = UInt8(ascii: "\n")
    private static let backslash = UInt8(ascii: "\\")
    private static let quote = UInt8(ascii: "\"")

    /// Checks the size, the prefix and that the first line is `command` (ASCII, any case, as the
    /// game client compares it).
    init(_ bytes: [UInt8], command: StaticString) throws(ServerQueryError) {
        guard bytes.count <= Limits.answerBytes else {
            throw ServerQueryError(
                .tooLarge, "the answer has \(bytes.count) bytes, more than \(Limits.answerBytes): drop it")
        }
        guard bytes.starts(with: ServerQuery.prefix) else {
            throw ServerQueryError(.badPrefix, "the packet does not start with four 0xFF bytes: not a Quake 3 answer")
        }
        self.bytes = bytes
        position = ServerQuery.prefix.count
        let line = nextLine()
        guard let line, Self.equalsIgnoringCase(bytes[line], command) else {
            throw ServerQueryError(
                .unexpectedAnswer,
                "expected '\(command)' and a line break after the prefix: not the answer to this query")
        }
    }

    /// The next line without its line break (the last one may lack it); nil at the end.
    private mutating func nextLine() -> Range<Int>? {
        guard position < bytes.count else { return nil }
        let start = position
        var end = start
        while end < bytes.count, bytes[end] != Self.newline { end += 1 }
        position = min(end + 1, bytes.count)
        return start..<end
    }

    /// The info string on the next line (`\key\value\…`; the leading backslash is optional). The
    /// first value is kept when a key repeats (as the game reads it); empty keys are skipped.
    mutating func infoLine() throws(ServerQueryError) -> [String: String] {
        guard let line = nextLine() else { return [:] }
        var values: [String: String] = [:]
        var fields: [Range<Int>] = []
        var start = line.lowerBound
        if start < line.upperBound, bytes[start] == Self.backslash { start += 1 }
        var index = start
        while index <= line.upperBound {
            if index == line.upperBound || bytes[index] == Self.backslash {
                let field = start..<index
                guard field.count <= Limits.fieldBytes else {
                    throw ServerQueryError(
                        .fieldTooLong,
                        "an info field has \(field.count) bytes, more than \(Limits.fieldBytes): drop the answer")
                }
                fields.append(field)
                if fields.count == 2 {
                    try add(fields[0], fields[1], to: &values)
                    fields.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            index += 1
        }
        // A key without its value (a cut answer) gets "".
        if let key = fields.first, !key.isEmpty { try add(key, key.upperBound..<key.upperBound, to: &values) }
        return values
    }

    private func add(_ key: Range<Int>, _ value: Range<Int>, to values: inout [String: String])
        throws(ServerQueryError)
    {
        guard !key.isEmpty else { return }
        let name = string(key)
        guard values[name] == nil else { return }
        guard values.count < Limits.infoKeys else {
            throw ServerQueryError(
                .tooManyKeys, "the info string has more than \(Limits.infoKeys) keys: drop the answer")
        }
        values[name] = string(value)
    }

    /// The player lines up to the end or to an empty line (where the game client stops too).
    mutating func playerLines() throws(ServerQueryError) -> [ServerPlayer] {
        var players: [ServerPlayer] = []
        while let line = nextLine(), !line.isEmpty {
            guard players.count < Limits.players else {
                throw ServerQueryError(
                    .tooManyPlayers, "the answer lists more than \(Limits.players) players: drop it")
            }
            players.append(try player(line))
        }
        return players
    }

    /// `score ping "name"`: two decimal integers (at most nine digits, maybe negative), then the
    /// name between the first and the last double quote, colour codes kept.
    private func player(_ line: Range<Int>) throws(ServerQueryError) -> ServerPlayer {
        var index = line.lowerBound
        let score = integer(&index, in: line)
        let spaced = skipSpaces(&index, in: line)
        let ping = integer(&index, in: line)
        _ = skipSpaces(&index, in: line)
        guard let score, spaced, let ping, index < line.upperBound, bytes[index] == Self.quote,
            let close = line.last(where: { bytes[$0] == Self.quote }), close > index
        else {
            throw ServerQueryError(
                .badPlayerLine, "a player line is not 'score ping \"name\"' (cut short?): drop the answer")
        }
        let name = index + 1..<close
        guard name.count <= Limits.fieldBytes else {
            throw ServerQueryError(
                .fieldTooLong, "a player name has \(name.count) bytes, more than \(Limits.fieldBytes): drop the answer")
        }
        return ServerPlayer(name: string(name), score: score, ping: ping)
    }

    private func integer(_ index: inout Int, in line: Range<Int>) -> Int? {
        var cursor = index
        let negative = cursor < line.upperBound && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        var value = 0
        var digits = 0
        while cursor < line.upperBound, bytes[cursor] &- 0x30 < 10 {
            guard digits < 9 else { return nil }
            value = value * 10 + Int(bytes[cursor] &- 0x30)
            digits += 1
            cursor += 1
        }
        guard digits > 0 else { return nil }
        index = cursor
        return negative ? -value : value
    }

    private func skipSpaces(_ index: inout Int, in line: Range<Int>) -> Bool {
        let start = index
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index > start
    }

    /// The bytes as a string (invalid UTF-8 repaired with U+FFFD, as everywhere in the engine).
    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
