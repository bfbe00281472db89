/// Kills, scores, awards and items. Each line's text is checked to its end (` by MOD_…`,
/// ` now has N points`, ` award!`) so that a line cut short is noise rather than a wrong number.
extension QuakeLogLine {
    /// `Kill: <killer> <victim> <mod>: <killer name> killed <victim name> by <MOD_NAME>`.
    static func kill(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let killer = s.field(), let victim = s.field(), let mod = s.field(), killer >= 0, victim >= 0,
            s.take(": ")
        else { return .noise }
        let text = s.remaining
        guard s.firstIndex(of: " killed ", in: text) != nil, let by = s.lastIndex(of: " by ", in: text) else {
            return .noise
        }
        let weapon = by + 4..<text.upperBound
        guard MeansOfDeath.isComplete(s, weapon, number: mod) else { return .noise }
        return .kill(Kill(killer: killer, victim: victim, meansOfDeath: mod, weapon: s.string(weapon)))
    }

    /// `PlayerScore: <client> <score>: <name> now has <score> points`.
    static func playerScore(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let client = s.field(), let score = s.field(), client >= 0, s.take(": "),
            s.endsWith(nowHas: score, in: s.remaining)
        else { return .noise }
        return .playerScore(client: client, score: score)
    }

    /// `TeamScore: <team> <score>: Team <team> now has <score> points` (OpenArena).
    static func teamScore(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let team = s.field(), let score = s.field(), s.take(": "), s.take("Team "), s.integer() == team,
            s.endsWith(nowHas: score, in: s.remaining)
        else { return .noise }
        return .teamScore(team: team, score: score)
    }

    /// `Award: <client> <award id>: <name> gained the <AWARD> award!` (OpenArena).
    static func award(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let client = s.field(), let id = s.field(), client >= 0, s.take(": ") else { return .noise }
        let text = s.remaining
        let suffix: StaticString = " award!"
        guard text.count > suffix.utf8CodeUnitCount, s.matches(suffix, at: text.upperBound - 7),
            let gained = s.lastIndex(of: " gained the ", in: text.lowerBound..<text.upperBound - 7)
        else { return .noise }
        let name = gained + 12..<text.upperBound - 7
        guard !name.isEmpty else { return .noise }
        return .award(client: client, awardID: id, award: s.string(name))
    }

    /// `Challenge: <client> <challenge> 1: Client <client> got award <challenge>` (OpenArena).
    static func challenge(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let client = s.field(), let challenge = s.field(), s.field() != nil, client >= 0, s.take(": "),
            s.take("Client "), s.integer() == client, s.take(" got award "), s.integer() == challenge, s.isAtEnd
        else { return .noise }
        return .challenge(client: client, challenge: challenge)
    }

    /// `Item: <client> <classname>`.
    static func item(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let client = s.field(), client >= 0, s.take(UInt8(ascii: " ")), !s.isAtEnd else { return .noise }
        return .item(client: client, item: s.string(s.remaining))
    }
}

extension ByteScanner {
    /// Skips spaces, then reads an integer.
    mutating func field() -> Int? {
        skipSpaces()
        return integer()
    }

    /// Whether `range` ends with ` now has <score> points`.
    func endsWith(nowHas score: Int, in range: Range<Int>) -> Bool {
        let points: StaticString = " points"
        let tail = range.upperBound - points.utf8CodeUnitCount
        guard tail > range.lowerBound, matches(points, at: tail),
            let now = lastIndex(of: " now has ", in: range.lowerBound..<tail)
        else { return false }
        return integer(in: now + 9..<tail) == score
    }
}
