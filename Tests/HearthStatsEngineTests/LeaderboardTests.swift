import Foundation
import HearthStatsModels
import Testing

@testable import HearthStatsEngine

@Suite struct LeaderboardTests {
    typealias F = RecordFixtures

    private func rows(_ board: Leaderboard) -> [String: LeaderboardRow] {
        Dictionary(uniqueKeysWithValues: board.rows.map { ($0.name, $0) })
    }

    @Test func killDeathRatioAndKillsPerMinuteAddUpOverMatches() {
        let records = [
            F.match(players: [F.player("a", frags: 10, deaths: 4, suicides: 1, seconds: 300), F.player("b", frags: 3)]),
            F.match(minute: 15, players: [F.player("a", frags: 5, deaths: 0, seconds: 150), F.player("b", frags: 0)]),
        ]
        let a = rows(Leaderboard(records: records, mode: .freeForAll))["a"]!
        #expect(a.matches == 2)
        #expect(a.kills == 15 && a.deaths == 4 && a.suicides == 1)
        #expect(a.killDeathRatio == 15.0 / 4)
        #expect(abs(a.killsPerMinute - 15.0 / 7.5) < 1e-12)
        let b = rows(Leaderboard(records: records, mode: .freeForAll))["b"]!
        #expect(b.killDeathRatio == 3)  // no deaths: kills / 1
        #expect(abs(b.killsPerMinute - 3.0 / 20) < 1e-12)
        let timeless = Leaderboard(records: [F.match(players: [F.player("t", frags: 4, seconds: 0)])], mode: nil)
        #expect(timeless.rows[0].killsPerMinute == 0)
    }

    @Test func winsCountSharedTopScoresTeamsAndNotAbortedMatches() {
        let records = [
            F.match(players: [F.player("a", frags: 9), F.player("b", frags: 9), F.player("c", frags: 1)]),
            F.match(
                minute: 15, gameType: 3, teamScores: ["red": 10, "blue": 40],
                players: [F.player("a", team: 1, frags: 20), F.player("c", team: 2, frags: 1)]),
            F.match(minute: 30, aborted: true, players: [F.player("a", frags: 30), F.player("b")]),
            F.match(minute: 45, gameType: 1, players: [F.player("b", frags: 4), F.player("c", frags: 4)]),
        ]
        let board = rows(Leaderboard(records: records, mode: nil))
        #expect(board["a"]!.wins == 1 && board["a"]!.matches == 3 && board["a"]!.decidedMatches == 2)
        #expect(board["a"]!.winRate == 0.5)
        #expect(board["b"]!.wins == 1 && board["b"]!.draws == 1 && board["b"]!.decidedMatches == 2)
        #expect(board["c"]!.wins == 1 && board["c"]!.draws == 1 && board["c"]!.winRate == 1.0 / 3)
    }

    @Test func bestKillStreakIsTheBestOfAnyMatch() {
        let records = [
            F.match(
                players: [F.player("a", frags: 3), F.player("b", frags: 1)],
                kills: [F.kill("a", "b"), F.kill("a", "b"), F.kill("b", "a"), F.kill("a", "b")]),
            F.match(
                minute: 15, players: [F.player("a", frags: 1), F.player("b", frags: 3)],
                kills: [F.kill("b", "a"), F.kill("b", "a"), F.kill("a", "a"), F.kill("b", "a"), F.kill("a", "b")]),
        ]
        let board = rows(Leaderboard(records: records, mode: .freeForAll))
        #expect(board["a"]!.bestKillStreak == 2)
        #expect(board["b"]!.bestKillStreak == 3)
    }

    @Test func awardsAreSummedByName() {
        let records = [
            F.match(players: [F.player("a", awards: ["EXCELLENT": 2, "GAUNTLET": 1]), F.player("b")]),
            F.match(
                minute: 15,
                players: [F.player("a", awards: ["EXCELLENT": 1]), F.player("b", awards: ["IMPRESSIVE": 4])]),
        ]
        let board = Leaderboard(records: records, mode: .freeForAll)
        #expect(rows(board)["a"]!.awards == ["EXCELLENT": 3, "GAUNTLET": 1])
        #expect(board.sorted(by: .award("IMPRESSIVE")).map(\.name) == ["b", "a"])
    }

    @Test func sinceCountsLaterMatchesButRatesOnAll() {
        let records = [F.duel(minute: 0, "a", "b"), F.duel(minute: 15, "a", "b"), F.duel(minute: 30, "b", "a")]
        let cut = RecordFixtures.start.addingTimeInterval(15 * 60)
        let board = rows(Leaderboard(records: records, mode: .freeForAll, since: cut))
        #expect(board["a"]!.matches == 2 && board["a"]!.wins == 1)
        let all = RatingLedger.ratings(from: records, mode: .freeForAll)
        #expect(board["a"]!.rating == all["a"])
        #expect(Leaderboard(records: records, mode: .freeForAll, since: cut.addingTimeInterval(3600)).rows.isEmpty)
    }

    @Test func modesAreCountedApartAndAllModesHaveNoRating() {
        let records = [F.duel(minute: 0, "a", "b"), F.duel(minute: 15, "a", "b", gameType: 1)]
        #expect(rows(Leaderboard(records: records, mode: .tournament))["a"]!.matches == 1)
        let all = rows(Leaderboard(records: records, mode: nil))
        #expect(all["a"]!.matches == 2 && all["a"]!.rating == nil)
        #expect(Leaderboard(records: records, mode: .captureTheFlag).rows.isEmpty)
    }

    @Test func allBoardsAtOnceEqualEachBoardAlone() {
        let season = F.season(count: 50)
        let cut = RecordFixtures.start.addingTimeInterval(200 * 60)
        let boards = Leaderboards(records: season.reversed(), since: cut)
        #expect(Set(boards.byMode.keys) == [.freeForAll, .tournament, .teamDeathmatch, .captureTheFlag])
        for (mode, board) in boards.byMode {
            #expect(board.rows == Leaderboard(records: season, mode: mode, since: cut).rows)
            #expect(boards.ratings[mode] == RatingLedger.ratings(from: season, mode: mode))
        }
        #expect(boards.all.rows == Leaderboard(records: season, mode: nil, since: cut).rows)
        #expect(Leaderboards(records: season).all.rows == Leaderboard(records: season, mode: nil).rows)
    }

    @Test func rowsGoByRatingThenKillsByDefaultAndByAnyColumnOnRequest() {
        let records = [
            F.match(players: [F.player("^1top", frags: 9), F.player("low", frags: 1), F.player("mid", frags: 5)]),
            F.match(minute: 15, aborted: true, players: [F.player("zed", frags: 50)]),
        ]
        let board = Leaderboard(records: records, mode: .freeForAll)
        #expect(board.rows.map(\.name) == ["^1top", "mid", "low", "zed"])  // zed is unrated: last
        #expect(board.rows.first?.plainName == "top")
        #expect(board.sorted(by: .kills).map(\.name) == ["zed", "^1top", "mid", "low"])
        #expect(board.sorted(by: .kills, ascending: true).map(\.name) == ["low", "mid", "^1top", "zed"])
        #expect(board.sorted(by: .name).map(\.name) == ["low", "mid", "^1top", "zed"])  // by plain name
        #expect(board.sorted(by: .rating, ascending: true).map(\.name) == ["low", "mid", "^1top", "zed"])
        // Equal columns fall back to rating: all three have one match.
        #expect(board.sorted(by: .matches).map(\.name) == ["^1top", "mid", "low", "zed"])
    }
}
