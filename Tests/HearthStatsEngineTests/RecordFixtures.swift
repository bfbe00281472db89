import Foundation
import HearthStatsModels

/// Hand-built match records for the tests: a player or a match in one line.
enum RecordFixtures {
    /// 2027-01-15 08:00 UTC: the first match's start.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A player of a ten-minute match who played all of it, scoring their frags minus suicides
    /// unless told otherwise.
    static func player(
        _ name: String, team: Int = 0, frags: Int = 0, deaths: Int = 0, suicides: Int = 0, score: Int? = nil,
        seconds: Double = 600, weapons: [String: Int] = [:], awards: [String: Int] = [:],
        victims: [String: Int] = [:], leftEarly: Bool = false
    ) -> PlayerRecord {
        PlayerRecord(
            name: name, team: team, frags: frags, deaths: deaths, suicides: suicides,
            score: score ?? frags - suicides, secondsPlayed: seconds, killsByWeapon: weapons, awards: awards,
            victims: victims, leftEarly: leftEarly)
    }

    /// A match `minute` minutes after `start`, ten minutes long, finished unless `aborted`.
    static func match(
        minute: Int = 0, server: String = "10.0.0.5:27960", map: String = "q3dm17", gameType: Int = 0,
        duration: Double = 600, aborted: Bool = false, teamScores: [String: Int] = [:],
        players: [PlayerRecord], kills: [KillRecord] = []
    ) -> MatchRecord {
        let startedAt = start.addingTimeInterval(Double(minute) * 60)
        return MatchRecord(
            server: server, serverName: "LAN", gameTimestamp: "t+\(minute)", map: map, gameType: gameType,
            startedAt: startedAt, durationSeconds: duration, exitReason: aborted ? nil : "Fraglimit hit.",
            teamScores: teamScores, players: players, kills: kills)
    }

    /// A kill at `second` (the world's when `by` is nil).
    static func kill(_ by: String?, _ victim: String, second: Double = 0, weapon: String = "MOD_ROCKET") -> KillRecord {
        KillRecord(second: second, killer: by, victim: victim, weapon: weapon)
    }

    /// A free-for-all match in which `winner` beats `loser` 10–5.
    static func duel(minute: Int, _ winner: String, _ loser: String, gameType: Int = 0) -> MatchRecord {
        match(
            minute: minute, gameType: gameType,
            players: [player(winner, frags: 10, deaths: 5), player(loser, frags: 5, deaths: 10)])
    }
}

extension RecordFixtures {
    /// A seeded generator (SplitMix64), so shuffled orders are the same on every run.
    struct Random: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A season of `count` matches of mixed modes among six players, with a few leavers.
    static func season(count: Int, seed: UInt64 = 7) -> [MatchRecord] {
        var random = Random(state: seed)
        let names = ["^1Sarge", "^4Visor", "Doom", "^2Anarki", "Xaero^7", "Klesk"]
        return (0..<count).map { index in
            let gameType = [0, 0, 1, 3, 4][index % 5]
            let chosen = names.shuffled(using: &random).prefix(gameType == 1 ? 2 : 4)
            let players = chosen.enumerated().map { offset, name in
                player(
                    name, team: gameType >= 3 ? 1 + offset % 2 : 0, frags: Int.random(in: 0...20, using: &random),
                    deaths: Int.random(in: 0...20, using: &random),
                    seconds: Double.random(in: 200...600, using: &random),
                    leftEarly: Int.random(in: 0..<10, using: &random) == 0)
            }
            let teamScores =
                gameType >= 3
                ? ["red": Int.random(in: 0...5, using: &random), "blue": Int.random(in: 0...5, using: &random)] : [:]
            return match(minute: index * 15, gameType: gameType, teamScores: teamScores, players: players)
        }
    }
}
