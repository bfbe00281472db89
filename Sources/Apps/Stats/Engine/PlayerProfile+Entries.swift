import Foundation

/// One of a player's matches, as their profile lists it.
public struct ProfileMatch: Hashable, Sendable {
    /// When the match began.
    public var date: Date
    public var server: String
    public var map: String
    public var mode: GameMode
    /// 0 free, 1 red, 2 blue, 3 spectator (at the end).
    public var team: Int
    public var score: Int
    public var frags: Int
    public var deaths: Int
    public var suicides: Int
    public var secondsPlayed: Double
    /// 1 for the top score (`PlayerMatchStats.placement`), out of `playerCount`.
    public var placement: Int
    public var playerCount: Int
    public var result: MatchResult
    public var bestKillStreak: Int
    /// The player's rating in `mode` just after this match (their RD grown if they were not rated
    /// in it); nil until they are first rated in the mode.
    public var ratingAfter: Glicko2Rating?

    public var won: Bool { result == .won }
    /// Frags / max(deaths, 1) in this match.
    public var killDeathRatio: Double { Double(frags) / Double(max(deaths, 1)) }

    init(stats: MatchStats, player: PlayerMatchStats, ratingAfter: Glicko2Rating?) {
        date = stats.match.startedAt
        server = stats.match.server
        map = stats.match.map
        mode = stats.mode
        team = player.record.team
        score = player.record.score
        frags = player.record.frags
        deaths = player.record.deaths
        suicides = player.record.suicides
        secondsPlayed = player.record.secondsPlayed
        placement = player.placement
        playerCount = stats.players.count
        result = player.result
        bestKillStreak = player.bestKillStreak
        self.ratingAfter = ratingAfter
    }
}

/// A player's statistics on one map.
public struct MapBreakdown: Hashable, Sendable {
    public var map: String
    public var totals: PlayerTotals
}

/// A player's kills with one means of death.
public struct WeaponBreakdown: Hashable, Sendable {
    /// As the log names it: `MOD_RAILGUN`, `MOD_ROCKET_SPLASH`, …
    public var weapon: String
    public var kills: Int
}

/// Another player and how many kills lie between the two (one way).
public struct Rival: Hashable, Sendable {
    public var name: String
    public var plainName: String
    public var kills: Int

    /// The name with the most kills (ties: the name first in order); nil if none is above 0.
    static func most(_ kills: [String: Int]) -> Rival? {
        let best = kills.filter { $0.value > 0 }.min { ($1.value, $0.key) < ($0.value, $1.key) }
        return best.map { Rival(name: $0.key, plainName: PlayerName.plain($0.key), kills: $0.value) }
    }
}

/// One point of a player's trend: after one match.
public struct TrendPoint: Hashable, Sendable {
    public var date: Date
    public var mode: GameMode
    /// The rating in `mode` after the match; nil before the first rated match.
    public var rating: Glicko2Rating?
    public var killDeathRatio: Double
}
