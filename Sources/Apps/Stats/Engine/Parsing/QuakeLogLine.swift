/// One line of the match log (`games.log`) that ioquake3 and OpenArena servers write:
/// `  M:SS Event: rest`, the time right-aligned in three columns (`%3i:%i%i`) and minutes free to
/// pass 59. The time is game time: ioquake3 counts from `InitGame`; OpenArena counts the map's
/// server time, which does not start again at 0:00 when a map restarts after `Exit`.
///
/// Parsing never fails and never traps: unknown lines are `.other`, malformed known ones `.noise`.
public struct QuakeLogLine: Sendable, Equatable {
    /// Longer lines are refused as noise (the games write at most 1 KiB per line).
    public static let maximumLength = 8 * 1024

    /// The line's game time in whole seconds, or nil when the line has none.
    public var seconds: Int?
    public var event: QuakeLogEvent

    public init(seconds: Int?, event: QuakeLogEvent) {
        self.seconds = seconds
        self.event = event
    }

    /// Parses one line; a trailing `\n` or `\r\n` is ignored.
    public static func parse(_ line: String) -> QuakeLogLine {
        var line = line
        return line.withUTF8 { parse(utf8: $0) }
    }

    /// Parses one line given as UTF-8 bytes (invalid sequences become U+FFFD in the strings).
    public static func parse(_ bytes: ArraySlice<UInt8>) -> QuakeLogLine {
        bytes.withUnsafeBufferPointer { parse(utf8: $0) }
    }

    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> QuakeLogLine {
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end <= maximumLength else { return QuakeLogLine(seconds: nil, event: .noise) }
        var scanner = ByteScanner(UnsafeBufferPointer(rebasing: bytes[..<end]))
        scanner.skipSpaces()
        let seconds = time(&scanner)
        return QuakeLogLine(seconds: seconds, event: event(&scanner))
    }

    /// Reads `M:SS ` (any number of minute digits, two of seconds); leaves the scanner where it
    /// was when the line has no time.
    private static func time(_ scanner: inout ByteScanner) -> Int? {
        let start = scanner.position
        guard let minutes = scanner.integer(), minutes >= 0, scanner.take(UInt8(ascii: ":")),
            let tens = digit(&scanner), tens < 6, let units = digit(&scanner),
            scanner.isAtEnd || scanner.take(UInt8(ascii: " "))
        else {
            scanner.position = start
            return nil
        }
        scanner.skipSpaces()
        return minutes * 60 + tens * 10 + units
    }

    private static func digit(_ scanner: inout ByteScanner) -> Int? {
        guard !scanner.isAtEnd, scanner.bytes[scanner.position] &- 0x30 < 10 else { return nil }
        defer { scanner.position += 1 }
        return Int(scanner.bytes[scanner.position] &- 0x30)
    }

    /// Reads the event name up to its colon, then the rest by the event's own rules.
    private static func event(_ scanner: inout ByteScanner) -> QuakeLogEvent {
        let start = scanner.position
        guard !scanner.isAtEnd else { return .noise }
        if scanner.matches("---", at: start) { return separator(scanner) }
        var index = start
        while index < scanner.bytes.count, isNameByte(scanner.bytes[index]) { index += 1 }
        guard index > start, index < scanner.bytes.count, scanner.bytes[index] == UInt8(ascii: ":") else {
            return .other(scanner.string(start..<scanner.bytes.count))
        }
        let tag = start..<index
        scanner.position = index + 1
        return known(tag, &scanner) ?? .other(scanner.string(start..<scanner.bytes.count))
    }

    /// The event for a known name (`.noise` when its text is wrong), or nil for an unknown one.
    private static func known(_ tag: Range<Int>, _ s: inout ByteScanner) -> QuakeLogEvent? {
        if s.range(tag, equals: "Item") { return item(&s) }
        if s.range(tag, equals: "Kill") { return kill(&s) }
        if s.range(tag, equals: "PlayerScore") { return playerScore(&s) }
        if s.range(tag, equals: "TeamScore") { return teamScore(&s) }
        if s.range(tag, equals: "Award") { return award(&s) }
        if s.range(tag, equals: "CTF") { return flag(&s, oneFlag: false) }
        if s.range(tag, equals: "1FCTF") || s.range(tag, equals: "1fCTF") { return flag(&s, oneFlag: true) }
        if s.range(tag, equals: "say") { return chat(&s).map { .say($0) } ?? .noise }
        if s.range(tag, equals: "sayteam") { return chat(&s).map { .sayTeam($0) } ?? .noise }
        if s.range(tag, equals: "ClientUserinfoChanged") { return userinfoChanged(&s) }
        if s.range(tag, equals: "ClientConnect") {
            return clientNumber(&s).map { .clientConnect(client: $0) } ?? .noise
        }
        if s.range(tag, equals: "ClientBegin") { return clientNumber(&s).map { .clientBegin(client: $0) } ?? .noise }
        if s.range(tag, equals: "ClientDisconnect") {
            return clientNumber(&s).map { .clientDisconnect(client: $0) } ?? .noise
        }
        if s.range(tag, equals: "score") { return finalScore(&s) }
        if s.range(tag, equals: "red") { return teamScores(&s) }
        if s.range(tag, equals: "Exit") { return exit(&s) }
        if s.range(tag, equals: "InitGame") { return initGame(&s) }
        if s.range(tag, equals: "ShutdownGame") { return s.isAtEnd ? .shutdownGame : .noise }
        if s.range(tag, equals: "Warmup") { return s.isAtEnd ? .warmup : .noise }
        if s.range(tag, equals: "Challenge") { return challenge(&s) }
        return nil
    }

    /// `------------------------------------------------------------` (nothing but dashes).
    private static func separator(_ scanner: ByteScanner) -> QuakeLogEvent {
        let text = scanner.remaining
        for index in text where scanner.bytes[index] != UInt8(ascii: "-") {
            return .other(scanner.string(text))
        }
        return .separator
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- 0x30 < 10 || byte == UInt8(ascii: "_")
    }

    /// The text after `say: `, nil when empty.
    private static func chat(_ scanner: inout ByteScanner) -> String? {
        guard scanner.take(UInt8(ascii: " ")), !scanner.isAtEnd else { return nil }
        return scanner.string(scanner.remaining)
    }

    /// ` N` and nothing after: the whole text of `ClientConnect`, `ClientBegin`, `ClientDisconnect`.
    private static func clientNumber(_ scanner: inout ByteScanner) -> Int? {
        scanner.skipSpaces()
        guard let client = scanner.integer(), client >= 0, scanner.isAtEnd else { return nil }
        return client
    }
}
