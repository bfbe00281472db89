import Foundation
import HearthStatsModels

/// Every leaderboard at once — one per mode played, with its ratings, and one over all modes —
/// from a single reading of the records: what the node recomputes when a record arrives out of
/// order.
///
/// Each board equals the one `Leaderboard(records:mode:since:system:policy:)` makes alone.
public struct Leaderboards: Sendable {
    /// Every mode together, without ratings.
    public let all: Leaderboard
    /// One board per mode that has a match in the records (since `since` or before).
    public let byMode: [GameMode: Leaderboard]
    /// Every mode's ratings, from all of its matches.
    public let ratings: [GameMode: [String: Glicko2Rating]]

    /// The boards of `records` (in any order), counting matches that started at or after `since`.
    public init(
        records: [MatchRecord], since: Date? = nil, system: Glicko2 = Glicko2(), policy: RatingPolicy = RatingPolicy()
    ) {
        var ledgers: [GameMode: RatingLedger] = [:]
        var totals: [GameMode: [String: PlayerTotals]] = [:]
        var allTotals: [String: PlayerTotals] = [:]
        for record in MatchTimeline.ordered(records) {
            let match = MatchStats(record)
            _ = ledgers[match.mode, default: RatingLedger(mode: match.mode, system: system, policy: policy)]
                .apply(record, stats: match)
            guard since.map({ record.startedAt >= $0 }) ?? true else {
                if totals[match.mode] == nil { totals[match.mode] = [:] }
                continue
            }
            for player in match.players {
                totals[match.mode, default: [:]][player.name, default: PlayerTotals()].add(player)
                allTotals[player.name, default: PlayerTotals()].add(player)
            }
        }
        let ratings = ledgers.mapValues(\.ratings)
        self.ratings = ratings
        all = Leaderboard(totals: allTotals, mode: nil, since: since, ratings: [:])
        byMode = totals.reduce(into: [:]) { boards, entry in
            boards[entry.key] = Leaderboard(
                totals: entry.value, mode: entry.key, since: since, ratings: ratings[entry.key] ?? [:])
        }
    }
}
