/// A column a leaderboard can be sorted by.
public enum LeaderboardColumn: Hashable, Sendable {
    case name, matches, wins, winRate, kills, deaths, suicides, killDeathRatio, killsPerMinute
    case bestKillStreak, totalScore, secondsPlayed
    /// The Glicko-2 rating r (players without one sort last).
    case rating
    /// How often the player earned the award of this name.
    case award(String)
}

extension Leaderboard {
    /// Whether `lhs` goes before `rhs` when sorting by `column`: the column first (by plain name
    /// for `.name`), then rating, kills and plain name (and the name itself) high to low / A to Z.
    static func precedes(
        _ lhs: LeaderboardRow, _ rhs: LeaderboardRow, by column: LeaderboardColumn, ascending: Bool
    ) -> Bool {
        if let order = compare(lhs, rhs, by: column) { return ascending ? order < 0 : order > 0 }
        if (lhs.rating == nil) != (rhs.rating == nil) { return lhs.rating != nil }
        if let order = compare(lhs, rhs, by: .rating) { return order > 0 }
        if lhs.kills != rhs.kills { return lhs.kills > rhs.kills }
        if lhs.plainName != rhs.plainName { return lhs.plainName < rhs.plainName }
        return lhs.name < rhs.name
    }

    /// The sign of `lhs − rhs` in `column` (for `.name`, reversed: A is "higher"); nil when equal
    /// or, for `.rating`, when either has none.
    private static func compare(_ lhs: LeaderboardRow, _ rhs: LeaderboardRow, by column: LeaderboardColumn) -> Int? {
        if column == .name {
            return lhs.plainName == rhs.plainName ? nil : (lhs.plainName < rhs.plainName ? 1 : -1)
        }
        guard let left = value(lhs, column), let right = value(rhs, column), left != right else { return nil }
        return left > right ? 1 : -1
    }

    private static func value(_ row: LeaderboardRow, _ column: LeaderboardColumn) -> Double? {
        switch column {
        case .name: nil
        case .matches: Double(row.matches)
        case .wins: Double(row.wins)
        case .winRate: row.winRate
        case .kills: Double(row.kills)
        case .deaths: Double(row.deaths)
        case .suicides: Double(row.suicides)
        case .killDeathRatio: row.killDeathRatio
        case .killsPerMinute: row.killsPerMinute
        case .bestKillStreak: Double(row.bestKillStreak)
        case .totalScore: Double(row.totalScore)
        case .secondsPlayed: row.secondsPlayed
        case .rating: row.rating?.rating
        case .award(let award): Double(row.awards[award] ?? 0)
        }
    }
}
