import Foundation
import HearthNode
import HearthStatsModels

/// A match record as a `stats.match` op carries it (`Protocol/apps/stats.md`).
extension MatchRecord {
    static let maxPlayers = 64
    static let maxKills = 20_000
    static let maxNameBytes = 64
    static let maxKeyBytes = 128
    static let maxDurationMs: UInt64 = 24 * 3600 * 1000

    /// The named object of a match: its server, `g_timestamp` and map.
    static func object(server: String, gameTimestamp: String, map: String) -> ObjectID {
        .named(server + "\n" + gameTimestamp + "\n" + map, kind: StatsApp.matchKind)
    }

    var object: ObjectID { Self.object(server: server, gameTimestamp: gameTimestamp, map: map) }

    var wire: StatsMatch {
        .with { match in
            match.server = server
            match.serverName = serverName
            match.gameTimestamp = gameTimestamp
            match.map = map
            match.gameType = Int32(clamping: gameType)
            match.startedMs = Int64(startedAt.timeIntervalSince1970 * 1000)
            match.durationMs = UInt32(clamping: Int((durationSeconds * 1000).rounded()))
            match.exitReason = exitReason ?? ""
            match.teamScores = teamScores.mapValues { Int32(clamping: $0) }
            match.settings = settings
            match.players = players.map { player in
                .with {
                    $0.name = player.name
                    $0.team = Int32(clamping: player.team)
                    $0.frags = Int32(clamping: player.frags)
                    $0.deaths = Int32(clamping: player.deaths)
                    $0.suicides = Int32(clamping: player.suicides)
                    $0.score = Int32(clamping: player.score)
                    $0.playedMs = UInt32(clamping: Int((player.secondsPlayed * 1000).rounded()))
                    $0.killsByWeapon = player.killsByWeapon.mapValues { Int32(clamping: $0) }
                    $0.awards = player.awards.mapValues { Int32(clamping: $0) }
                    $0.victims = player.victims.mapValues { Int32(clamping: $0) }
                    $0.leftEarly = player.leftEarly
                }
            }
            match.kills = kills.map { kill in
                .with {
                    $0.ms = UInt32(clamping: Int((kill.second * 1000).rounded()))
                    $0.killer = kill.killer ?? ""
                    $0.victim = kill.victim
                    $0.weapon = kill.weapon
                }
            }
        }
    }

    /// The record a received op carries, checked against the rules.
    /// - Throws: `AppRejection` naming the rule it breaks.
    init(wire match: StatsMatch) throws {
        func text(_ value: String, _ limit: Int, _ what: String, empty: Bool = false) throws -> String {
            guard (empty || !value.isEmpty), value.utf8.count <= limit,
                !value.unicodeScalars.contains(where: TextRules.isControl)
            else { throw AppRejection("a match record with a bad \(what)") }
            return value
        }
        guard match.players.count <= Self.maxPlayers, match.kills.count <= Self.maxKills else {
            throw AppRejection("a match record with more than \(Self.maxPlayers) players or \(Self.maxKills) kills")
        }
        guard UInt64(match.durationMs) <= Self.maxDurationMs else {
            throw AppRejection("a match record longer than a day")
        }
        let names = Set(try match.players.map { try text($0.name, Self.maxNameBytes, "player name") })
        guard names.count == match.players.count else { throw AppRejection("a match record naming a player twice") }
        func counts(_ map: [String: Int32], _ what: String) throws -> [String: Int] {
            for key in map.keys { _ = try text(key, Self.maxNameBytes, what) }
            return map.mapValues(Int.init)
        }
        let players = try match.players.map { player in
            PlayerRecord(
                name: player.name, team: Int(player.team), frags: Int(player.frags), deaths: Int(player.deaths),
                suicides: Int(player.suicides), score: Int(player.score), secondsPlayed: Double(player.playedMs) / 1000,
                killsByWeapon: try counts(player.killsByWeapon, "weapon"), awards: try counts(player.awards, "award"),
                victims: try counts(player.victims, "victim"), leftEarly: player.leftEarly)
        }
        let kills = try match.kills.map { kill in
            guard names.contains(kill.victim), kill.killer.isEmpty || names.contains(kill.killer) else {
                throw AppRejection("a match record with a kill of or by someone not in it")
            }
            return KillRecord(
                second: Double(kill.ms) / 1000, killer: kill.killer.isEmpty ? nil : kill.killer, victim: kill.victim,
                weapon: try text(kill.weapon, Self.maxNameBytes, "weapon"))
        }
        for (key, value) in match.settings {
            _ = try text(key, Self.maxKeyBytes, "setting")
            _ = try text(value, Self.maxKeyBytes * 8, "setting", empty: true)
        }
        self.init(
            server: try text(match.server, Self.maxKeyBytes, "server"),
            serverName: try text(match.serverName, Self.maxKeyBytes, "server name", empty: true),
            gameTimestamp: try text(match.gameTimestamp, Self.maxKeyBytes, "g_timestamp", empty: true),
            map: try text(match.map, Self.maxKeyBytes, "map"), gameType: Int(match.gameType),
            startedAt: Date(timeIntervalSince1970: Double(match.startedMs) / 1000),
            durationSeconds: Double(match.durationMs) / 1000,
            exitReason: match.exitReason.isEmpty ? nil : try text(match.exitReason, Self.maxKeyBytes, "exit reason"),
            teamScores: try counts(match.teamScores, "team"), players: players, kills: kills,
            settings: match.settings)
    }
}
