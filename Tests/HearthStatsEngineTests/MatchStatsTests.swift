import HearthStatsModels
import Testing

@testable import HearthStatsEngine

@Suite struct MatchStatsTests {
    typealias F = RecordFixtures

    private func results(_ match: MatchRecord) -> [String: MatchResult] {
        Dictionary(uniqueKeysWithValues: MatchStats(match).players.map { ($0.name, $0.result) })
    }

    @Test func freeForAllIsWonByTheTopScore() {
        let match = F.match(players: [F.player("a", frags: 9), F.player("b", frags: 12), F.player("c", frags: 3)])
        #expect(results(match) == ["a": .lost, "b": .won, "c": .lost])
    }

    @Test func freeForAllTiesShareTheWin() {
        let match = F.match(players: [F.player("a", frags: 12), F.player("b", frags: 12), F.player("c", frags: 3)])
        #expect(results(match) == ["a": .won, "b": .won, "c": .lost])
    }

    @Test func aLeaverCannotWinEvenWithTheTopScore() {
        let match = F.match(players: [F.player("a", frags: 20, leftEarly: true), F.player("b", frags: 12)])
        #expect(results(match) == ["a": .lost, "b": .won])
    }

    @Test func tournamentIsWonByTheHigherScoreAndATieIsADraw() {
        let won = F.match(gameType: 1, players: [F.player("a", frags: 10), F.player("b", frags: 7)])
        #expect(results(won) == ["a": .won, "b": .lost])
        let tied = F.match(gameType: 1, players: [F.player("a", frags: 7), F.player("b", frags: 7)])
        #expect(results(tied) == ["a": .drew, "b": .drew])
    }

    @Test func teamModesAreWonByTheTeamWithTheHigherTeamScore() {
        let match = F.match(
            gameType: 4, teamScores: ["red": 3, "blue": 1],
            players: [
                F.player("r1", team: 1, frags: 2), F.player("r2", team: 1, frags: 1),
                F.player("b1", team: 2, frags: 30), F.player("b2", team: 2, frags: 5),
            ])
        let stats = MatchStats(match)
        #expect(stats.isTeamMatch)
        #expect(stats.winningTeam == 1)
        #expect(results(match) == ["r1": .won, "r2": .won, "b1": .lost, "b2": .lost])
    }

    @Test func teamScoresFallBackToTheSumOfPlayerScoresAndEqualTeamsDraw() {
        let blueAhead = F.match(
            gameType: 3, players: [F.player("r", team: 1, frags: 5), F.player("b", team: 2, frags: 6)])
        #expect(results(blueAhead) == ["r": .lost, "b": .won])
        let level = F.match(
            gameType: 3, teamScores: ["Red": 4, "Blue": 4],
            players: [F.player("r", team: 1, frags: 9), F.player("b", team: 2, frags: 1)])
        #expect(results(level) == ["r": .drew, "b": .drew])
    }

    @Test func anAbortedMatchIsUndecidedForEveryone() {
        let match = F.match(aborted: true, players: [F.player("a", frags: 9), F.player("b", frags: 1)])
        #expect(results(match) == ["a": .undecided, "b": .undecided])
    }

    @Test func placementsShareTiesAndPutLeaversLast() {
        let match = F.match(players: [
            F.player("a", frags: 5), F.player("b", frags: 9), F.player("c", frags: 9),
            F.player("d", frags: 30, leftEarly: true), F.player("e", frags: 1),
        ])
        let placements = Dictionary(uniqueKeysWithValues: MatchStats(match).players.map { ($0.name, $0.placement) })
        #expect(placements == ["b": 1, "c": 1, "a": 3, "e": 4, "d": 5])
    }

    @Test func spectatorsWhoNeverPlayedDoNotTakePart() {
        let match = F.match(players: [
            F.player("a", frags: 5), F.player("watcher", team: 3), F.player("quitter", team: 3, frags: 2),
        ])
        #expect(MatchStats(match).players.map(\.name) == ["a", "quitter"])
        #expect(results(match) == ["a": .won, "quitter": .lost])
    }

    @Test func killStreaksEndAtAnyDeathIncludingSuicidesAndTheWorld() {
        let kills = [
            F.kill("a", "b"), F.kill("a", "c"), F.kill("a", "b"),  // a: 3
            F.kill("c", "a"),  // a dies
            F.kill("a", "b"), F.kill("a", "a"),  // a: 1, then suicide
            F.kill("a", "c"), F.kill("a", "b"),  // a: 2
            F.kill(nil, "a"),  // the world
            F.kill("b", "c"), F.kill("b", "c"), F.kill("b", "a"), F.kill("b", "a"),  // b: 4
            F.kill("c", "b"), F.kill("a", "spectator-gone"),  // unknown victim: a's streak still counts
        ]
        let match = F.match(
            players: [F.player("a", frags: 7), F.player("b", frags: 4), F.player("c", frags: 2)], kills: kills)
        let streaks = Dictionary(uniqueKeysWithValues: MatchStats(match).players.map { ($0.name, $0.bestKillStreak) })
        #expect(streaks == ["a": 3, "b": 4, "c": 1])
    }

    @Test func playerIndexFindsEveryNameAndNoOther() {
        let names =
            [
                "a", "^1Sarge", "^1Sarge ", "12345678", "123456789", "^1L^2o^3n^4g^5N^6a^7m^8e^9!", "Ünïcødé", "",
            ] + (0..<40).map { "player\($0)" }
        let index = PlayerIndex(names)
        for (position, name) in names.enumerated() { #expect(index[name] == position) }
        for stranger in ["A", "^1sarge", "1234567", "player40", "Ünïcöde", " "] { #expect(index[stranger] == nil) }
        #expect(PlayerIndex(["twin", "twin"])["twin"] == 0)
    }
}
