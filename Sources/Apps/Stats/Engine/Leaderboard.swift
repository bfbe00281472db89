import Foundation
import HearthStatsModels

/// One player's line of a leaderboard: `row.kills`, `row.winRate`, … read through to `totals`.
@dynamicMemberLookup
public struct LeaderboardRow: Equatable, Sendable {
    /// As the game wrote it, colour codes kept.
    public var name: String
    /// `name` without colour codes (`PlayerName.plain`).
    public var plainName: String
    public var totals: PlayerTotals
    /// The player's current rating in the board's mode (from all its matches, not only those
    /// since the board's date); nil on an all-modes board or for a player never rated.
    public var rating: Glicko2Rating?

    public subscript<Value>(dynamicMember keyPath: KeyPath<PlayerTotals, Value>) -> Value {
        totals[keyPath: keyPath]
    }
}

/// The players of a set of matches, one row each, for one game mode or all of them.
///
/// Pure: the same records (in any order, duplicates of a match counted once) give the same board.
public struct Leaderboard: Sendable {
    /// The mode counted, or nil for every mode.
    public let mode: GameMode?
    /// Only matches that started at or after this date are counted; nil for all.
    public let since: Date?
    /// Every player, by rating, then kills, then plain name (`LeaderboardColumn.rating`).
    public let rows: [LeaderboardRow]

    /// The board of `mode` (nil: every mode, without ratings) over `records` since `since`.
    ///
    /// Ratings use every match of the mode, whatever `since` says: a rating is the player's
    /// current strength, not a sum over a window.
    public init(
        records: [MatchRecord], mode: GameMode?, since: Date? = nil, system: Glicko2 = Glicko2(),
        policy: RatingPolicy = RatingPolicy()
    ) {
        let timeline = MatchTimeline.ordered(records).filter { mode == nil || GameMode(of: $0) == mode }
        let ratings = mode.map { RatingLedger(records: timeline, mode: $0, system: system, policy: policy).ratings }
        let counted = since.map { since in timeline.filter { $0.startedAt >= since } } ?? timeline
        self.init(stats: counted.map { MatchStats($0) }, mode: mode, since: since, ratings: ratings ?? [:])
    }

    /// The board from matches already turned into statistics and filtered by mode and date.
    init(stats: [MatchStats], mode: GameMode?, since: Date?, ratings: [String: Glicko2Rating]) {
        var totals: [String: PlayerTotals] = [:]
        for match in stats {
            for player in match.players { totals[player.name, default: PlayerTotals()].add(player) }
        }
        self.init(totals: totals, mode: mode, since: since, ratings: ratings)
    }

    /// The board of players' totals already summed.
    init(totals: [String: PlayerTotals], mode: GameMode?, since: Date?, ratings: [String: Glicko2Rating]) {
        self.mode = mode
        self.since = since
        let rows = totals.map { name, totals in
            LeaderboardRow(name: name, plainName: PlayerName.plain(name), totals: totals, rating: ratings[name])
        }
        self.rows = rows.sorted { Self.precedes($0, $1, by: .rating, ascending: false) }
    }

    /// The rows ordered by `column`, highest first unless `ascending`; ties (and players without
    /// a rating, always last on `.rating`) fall back to rating, then kills, then plain name.
    public func sorted(by column: LeaderboardColumn, ascending: Bool = false) -> [LeaderboardRow] {
        rows.sorted { Self.precedes($0, $1, by: column, ascending: ascending) }
    }
}
