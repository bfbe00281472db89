import HearthStatsModels
import Testing

@testable import HearthStatsEngine

@Suite struct RatingPeriodTests {
    typealias F = RecordFixtures

    private func games(_ match: MatchRecord, policy: RatingPolicy = RatingPolicy()) -> Set<RatingPeriod.Game> {
        Set(RatingPeriod(match: match, policy: policy).games)
    }

    @Test func freeForAllPlaysEveryPairByFinalScore() {
        let match = F.match(players: [F.player("c", frags: 4), F.player("a", frags: 9), F.player("b", frags: 4)])
        #expect(
            games(match) == [
                .init(player: "a", opponent: "b", score: 1), .init(player: "a", opponent: "c", score: 1),
                .init(player: "b", opponent: "c", score: 0.5),
            ])
        #expect(RatingPeriod(match: match).players == ["a", "b", "c"])
    }

    @Test func aTournamentIsOneGame() {
        let match = F.match(gameType: 1, players: [F.player("x", frags: 3), F.player("y", frags: 10)])
        #expect(games(match) == [.init(player: "x", opponent: "y", score: 0)])
    }

    @Test func teamModesPlayEveryOpponentByTheTeamResult() {
        let match = F.match(
            gameType: 3, teamScores: ["red": 20, "blue": 30],
            players: [
                F.player("r1", team: 1), F.player("r2", team: 1), F.player("b1", team: 2), F.player("b2", team: 2),
            ])
        #expect(
            games(match) == [
                .init(player: "r1", opponent: "b1", score: 0), .init(player: "r1", opponent: "b2", score: 0),
                .init(player: "r2", opponent: "b1", score: 0), .init(player: "r2", opponent: "b2", score: 0),
            ])
        let drawn = F.match(
            gameType: 4, teamScores: ["red": 2, "blue": 2],
            players: [F.player("r", team: 1), F.player("b", team: 2)])
        #expect(games(drawn) == [.init(player: "r", opponent: "b", score: 0.5)])
    }

    @Test func leaversAndPlayersUnderTheThresholdAreNotRated() {
        let match = F.match(
            duration: 600,
            players: [
                F.player("full", frags: 5), F.player("half", frags: 1, seconds: 300),
                F.player("short", frags: 9, seconds: 299), F.player("left", frags: 9, leftEarly: true),
                F.player("spectating", team: 3, frags: 2),
            ])
        #expect(RatingPeriod(match: match).players == ["full", "half"])
        let strict = RatingPolicy(minimumShareOfMatch: 0.9)
        #expect(RatingPeriod(match: match, policy: strict).players.isEmpty)
        let quick = F.match(duration: 80, players: [F.player("a", seconds: 80), F.player("b", seconds: 50)])
        #expect(RatingPeriod(match: quick).players.isEmpty)
    }

    @Test func anAbortedMatchOrALonePlayerRatesNobody() {
        let aborted = F.match(aborted: true, players: [F.player("a", frags: 3), F.player("b")])
        #expect(RatingPeriod(match: aborted).games.isEmpty)
        let alone = F.match(players: [F.player("a", frags: 3), F.player("b", leftEarly: true)])
        #expect(RatingPeriod(match: alone).games.isEmpty)
        let oneTeam = F.match(gameType: 3, players: [F.player("r1", team: 1), F.player("r2", team: 1)])
        #expect(RatingPeriod(match: oneTeam).players.isEmpty)
    }
}
