import Foundation
import HearthStatsModels

/// Everything the stats say about one player: every match, breakdowns by map and weapon, rivals,
/// the trend of rating and K/D, totals.
///
/// Pure: built from match records in any order (duplicates of a match counted once).
public struct PlayerProfile: Sendable {
    /// As the game wrote it, colour codes kept: matched exactly against the records.
    public let name: String
    public let plainName: String
    /// The mode counted, or nil for every mode.
    public let mode: GameMode?
    /// Only matches that started at or after this date are listed and counted; nil for all.
    public let since: Date?
    /// The player's matches, oldest first.
    public let matches: [ProfileMatch]
    public let totals: PlayerTotals
    /// One entry per map, most played first (then by name).
    public let maps: [MapBreakdown]
    /// Kills by means of death (`MOD_RAILGUN`), most first (then by name).
    public let weapons: [WeaponBreakdown]
    /// Who killed the player most; nil if nobody did.
    public let nemesis: Rival?
    /// Whom the player killed most; nil if nobody.
    public let favouriteVictim: Rival?
    /// The current rating in each mode the player has been rated in (from all of its matches,
    /// whatever `since` says).
    public let ratings: [GameMode: Glicko2Rating]

    /// The weapon with the most kills; nil with no kills.
    public var favouriteWeapon: String? { weapons.first?.weapon }

    /// Rating after each match and K/D in it, oldest first.
    public var trend: [TrendPoint] {
        matches.map {
            TrendPoint(date: $0.date, mode: $0.mode, rating: $0.ratingAfter, killDeathRatio: $0.killDeathRatio)
        }
    }

    /// The profile of the player called `name` over `records`, in `mode` (nil: all) since `since`.
    public init(
        name: String, records: [MatchRecord], mode: GameMode? = nil, since: Date? = nil,
        system: Glicko2 = Glicko2(), policy: RatingPolicy = RatingPolicy()
    ) {
        self.name = name
        plainName = PlayerName.plain(name)
        self.mode = mode
        self.since = since
        var ledgers: [GameMode: RatingLedger] = [:]
        var tally = ProfileTally(name: name)
        for record in MatchTimeline.ordered(records) {
            let matchMode = GameMode(of: record)
            if let mode, matchMode != mode { continue }
            let present = record.players.contains { $0.name == name }
            let stats = MatchStats(record, killStreaks: present)
            _ = ledgers[matchMode, default: RatingLedger(mode: matchMode, system: system, policy: policy)]
                .apply(record, stats: stats)
            guard present, since.map({ record.startedAt >= $0 }) ?? true else { continue }
            tally.add(stats, ratingAfter: ledgers[matchMode]?.rating(of: name))
        }
        matches = tally.matches
        totals = tally.totals
        maps = tally.maps.map { MapBreakdown(map: $0.key, totals: $0.value) }
            .sorted { ($1.totals.matches, $0.map) < ($0.totals.matches, $1.map) }
        weapons = tally.weapons.map { WeaponBreakdown(weapon: $0.key, kills: $0.value) }
            .sorted { ($1.kills, $0.weapon) < ($0.kills, $1.weapon) }
        nemesis = Rival.most(tally.killedBy)
        favouriteVictim = Rival.most(tally.victims)
        ratings = ledgers.compactMapValues { $0.rating(of: name) }
    }
}

/// The running sums a profile is built from, match by match.
private struct ProfileTally {
    let name: String
    var matches: [ProfileMatch] = []
    var totals = PlayerTotals()
    var maps: [String: PlayerTotals] = [:]
    var weapons: [String: Int] = [:]
    var killedBy: [String: Int] = [:]
    var victims: [String: Int] = [:]

    init(name: String) { self.name = name }

    mutating func add(_ stats: MatchStats, ratingAfter: Glicko2Rating?) {
        guard let player = stats.player(named: name) else { return }
        matches.append(ProfileMatch(stats: stats, player: player, ratingAfter: ratingAfter))
        totals.add(player)
        maps[stats.match.map, default: PlayerTotals()].add(player)
        for (weapon, kills) in player.record.killsByWeapon { weapons[weapon, default: 0] += kills }
        for (victim, kills) in player.record.victims where victim != name { victims[victim, default: 0] += kills }
        for other in stats.players where other.name != name {
            if let kills = other.record.victims[name] { killedBy[other.name, default: 0] += kills }
        }
    }
}
