import Foundation
import HearthNode
import HearthStatsEngine
import HearthStatsModels

extension StatsMatchSummary {
    init(_ record: MatchRecord, object: ObjectID, recordedBy: String) {
        let best = record.players.max { ($0.score, $0.frags) < ($1.score, $1.frags) }
        let winner: String?
        if let red = record.teamScores["red"], let blue = record.teamScores["blue"], red != blue {
            winner = red > blue ? "red" : "blue"
        } else {
            winner = record.aborted ? nil : best?.name
        }
        self.init(
            id: object.description, server: record.server, serverName: record.serverName, map: record.map,
            mode: GameMode(gameType: record.gameType).description, startedAt: record.startedAt,
            durationSeconds: record.durationSeconds, aborted: record.aborted, players: record.players.count,
            kills: record.kills.count, winner: winner, recordedBy: recordedBy)
    }
}

extension StatsLiveMatch {
    init(_ wire: StatsLiveScoreboard, id: String, source: String) {
        self.init(
            id: id, source: source, server: wire.server, serverName: wire.serverName, map: wire.map,
            mode: GameMode(gameType: Int(wire.gameType)).description, gameSeconds: Double(wire.gameMs) / 1000,
            players: wire.players.map {
                Player(
                    name: $0.name, team: Int($0.team), score: Int($0.score), frags: Int($0.frags),
                    deaths: Int($0.deaths))
            },
            recent: wire.recent.map {
                Kill(
                    number: Int($0.number), second: Double($0.ms) / 1000, killer: $0.killer.isEmpty ? nil : $0.killer,
                    victim: $0.victim, weapon: $0.weapon)
            },
            teamScores: wire.teamScores.mapValues(Int.init), ended: wire.ended)
    }
}

extension StatsServer {
    init(_ wire: StatsServerStatus, source: String) {
        self.init(
            address: wire.address, source: source, answering: wire.answering, hostname: wire.hostname, map: wire.map,
            mode: GameMode(gameType: Int(wire.gameType)).description, maxClients: Int(wire.maxClients), info: wire.info,
            players: wire.players.map { Player(name: $0.name, score: Int($0.score), ping: Int($0.ping)) },
            checkedAt: wire.checkedMs > 0 ? Date(timeIntervalSince1970: Double(wire.checkedMs) / 1000) : nil)
    }
}

extension StatsBoardRow {
    init(_ row: LeaderboardRow, claimedBy: [StatsMember]) {
        self.init(
            totals: row.totals, name: row.name, plainName: row.plainName, claimedBy: claimedBy, rating: row.rating)
    }

    init(totals: PlayerTotals, name: String, plainName: String, claimedBy: [StatsMember], rating: Glicko2Rating?) {
        self.init(
            name: name, plainName: plainName, claimedBy: claimedBy, matches: totals.matches, wins: totals.wins,
            winRate: totals.winRate, kills: totals.kills, deaths: totals.deaths, suicides: totals.suicides,
            killDeathRatio: totals.killDeathRatio, killsPerMinute: totals.killsPerMinute,
            bestStreak: totals.bestKillStreak, score: totals.totalScore, awards: totals.awards,
            rating: rating.map(StatsRating.init))
    }
}

extension StatsRating {
    init(_ rating: Glicko2Rating) {
        self.init(rating: rating.rating, deviation: rating.deviation, volatility: rating.volatility)
    }
}

/// Where a match stands in a profile: its start, server and map name it.
struct ProfileMatchKey: Hashable {
    var date: Date
    var server: String
    var map: String
}

extension StatsProfile {
    init(_ profile: PlayerProfile, claimedBy: [StatsMember], ids: [ProfileMatchKey: String]) {
        self.init(
            name: profile.name, plainName: profile.plainName, claimedBy: claimedBy,
            totals: StatsBoardRow(
                totals: profile.totals, name: profile.name, plainName: profile.plainName, claimedBy: claimedBy,
                rating: nil),
            ratings: Dictionary(
                profile.ratings.map { ($0.key.description, StatsRating($0.value)) },
                uniquingKeysWith: { first, _ in first }),
            matches: profile.matches.map { match in
                Match(
                    id: ids[ProfileMatchKey(date: match.date, server: match.server, map: match.map)] ?? "",
                    date: match.date, map: match.map, mode: match.mode.description, team: match.team,
                    score: match.score,
                    frags: match.frags, deaths: match.deaths, placement: match.placement, players: match.playerCount,
                    result: match.result.rawValue, rating: match.ratingAfter?.rating)
            },
            maps: profile.maps.map {
                Breakdown(name: $0.map, matches: $0.totals.matches, kills: $0.totals.kills, deaths: $0.totals.deaths)
            },
            weapons: profile.weapons.map { Breakdown(name: $0.weapon, matches: 0, kills: $0.kills, deaths: 0) },
            nemesis: profile.nemesis?.name, favouriteVictim: profile.favouriteVictim?.name)
    }
}
