/// One player's statistics summed over a set of matches: a leaderboard row without the rating,
/// or a profile's totals.
public struct PlayerTotals: Hashable, Sendable {
    /// Matches taken part in, aborted ones included.
    public var matches = 0
    /// Matches with a result (not aborted): the denominator of `winRate`.
    public var decidedMatches = 0
    public var wins = 0
    public var draws = 0
    /// Kills of other players (frags).
    public var kills = 0
    /// Deaths, suicides included.
    public var deaths = 0
    public var suicides = 0
    public var totalScore = 0
    public var secondsPlayed = 0.0
    /// The best kill streak in any one match.
    public var bestKillStreak = 0
    /// Awards by name (`EXCELLENT`, `IMPRESSIVE`, …).
    public var awards: [String: Int] = [:]

    /// Zero matches.
    public init() {}

    /// Kills per death: kills / max(deaths, 1).
    public var killDeathRatio: Double { Double(kills) / Double(max(deaths, 1)) }
    /// Kills per minute of game time played; 0 with no time played.
    public var killsPerMinute: Double { secondsPlayed > 0 ? Double(kills) / (secondsPlayed / 60) : 0 }
    /// Wins / decided matches; 0 with none.
    public var winRate: Double { decidedMatches > 0 ? Double(wins) / Double(decidedMatches) : 0 }

    /// Adds one match of the player's.
    public mutating func add(_ match: PlayerMatchStats) {
        let record = match.record
        matches += 1
        if match.result != .undecided { decidedMatches += 1 }
        if match.result == .won { wins += 1 }
        if match.result == .drew { draws += 1 }
        kills += record.frags
        deaths += record.deaths
        suicides += record.suicides
        totalScore += record.score
        secondsPlayed += record.secondsPlayed
        bestKillStreak = max(bestKillStreak, match.bestKillStreak)
        for (award, count) in record.awards { awards[award, default: 0] += count }
    }
}
