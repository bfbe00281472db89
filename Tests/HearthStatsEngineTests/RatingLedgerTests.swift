import HearthStatsModels
import Testing

@testable import HearthStatsEngine

@Suite struct RatingLedgerTests {
    typealias F = RecordFixtures
    static let modes: [GameMode] = [.freeForAll, .tournament, .teamDeathmatch, .captureTheFlag]

    @Test(arguments: modes)
    func ratingsDoNotDependOnTheOrderRecordsArriveIn(mode: GameMode) {
        let season = F.season(count: 60)
        let reference = RatingLedger.ratings(from: season, mode: mode)
        #expect(!reference.isEmpty)
        var random = RecordFixtures.Random(state: 99)
        for _ in 0..<5 {
            #expect(RatingLedger.ratings(from: season.shuffled(using: &random), mode: mode) == reference)
        }
        #expect(RatingLedger.ratings(from: season.reversed(), mode: mode) == reference)
    }

    @Test(arguments: modes)
    func applyingInOrderGivesExactlyTheRebuiltRatings(mode: GameMode) {
        let season = F.season(count: 60)
        var ledger = RatingLedger(mode: mode)
        for match in MatchTimeline.ordered(season) {
            let outcome = ledger.apply(match)
            #expect(outcome == (GameMode(of: match) == mode ? .applied : .otherMode))
        }
        #expect(ledger.ratings == RatingLedger.ratings(from: season, mode: mode))
    }

    @Test func aMatchThatSortsEarlierIsRefusedAndChangesNothing() {
        var ledger = RatingLedger(mode: .freeForAll)
        #expect(ledger.apply(F.duel(minute: 10, "a", "b")) == .applied)
        let before = ledger.ratings
        #expect(ledger.apply(F.duel(minute: 5, "c", "a")) == .outOfOrder)
        #expect(ledger.apply(F.duel(minute: 10, "b", "a")) == .outOfOrder)
        #expect(ledger.apply(F.duel(minute: 10, "a", "b")) == .duplicate)
        #expect(ledger.ratings == before)
        #expect(ledger.periods == 1)
    }

    @Test func twoRecordsOfOneMatchCountOnceWhicheverCameFirst() {
        let full = F.duel(minute: 0, "a", "b")
        var cut = full
        cut.exitReason = nil
        let later = F.duel(minute: 20, "b", "a")
        let one = RatingLedger.ratings(from: [full, cut, later], mode: .freeForAll)
        let other = RatingLedger.ratings(from: [later, cut, full], mode: .freeForAll)
        #expect(one == other)
        #expect(one == RatingLedger.ratings(from: [full, later], mode: .freeForAll))
    }

    @Test func ratingsArePerMode() {
        let records = [F.duel(minute: 0, "a", "b"), F.duel(minute: 20, "b", "a", gameType: 1)]
        let ffa = RatingLedger.ratings(from: records, mode: .freeForAll)
        let duel = RatingLedger.ratings(from: records, mode: .tournament)
        #expect(ffa["a"]!.rating > 1500 && ffa["b"]!.rating < 1500)
        #expect(duel["b"]!.rating > 1500 && duel["a"]!.rating < 1500)
        #expect(RatingLedger.ratings(from: records, mode: .captureTheFlag).isEmpty)
    }

    @Test func theWinnerGainsWhatTheLoserLosesBetweenNewPlayers() {
        let ratings = RatingLedger.ratings(from: [F.duel(minute: 0, "w", "l")], mode: .freeForAll)
        #expect(abs((ratings["w"]!.rating - 1500) - (1500 - ratings["l"]!.rating)) < 1e-9)
    }

    @Test func playersWhoSitOutHaveOnlyTheirDeviationGrow() {
        let first = F.duel(minute: 0, "idle", "b")
        let after = RatingLedger.ratings(from: [first], mode: .freeForAll)["idle"]!
        let rest = (1...4).map { F.duel(minute: $0 * 15, "b", "c") }
        var ledger = RatingLedger(records: [first] + rest, mode: .freeForAll)
        let later = ledger.rating(of: "idle")!
        #expect(later.rating == after.rating)
        #expect(later.volatility == after.volatility)
        #expect(later.deviation > after.deviation)
        #expect(abs(later.deviation - Glicko2().idle(after, periods: 4).deviation) < 1e-9)
        // Playing again shrinks it.
        #expect(ledger.apply(F.duel(minute: 100, "idle", "c")) == .applied)
        #expect(ledger.rating(of: "idle")!.deviation < later.deviation)
    }

    @Test func unratedParticipationsDoNotCreateARating() {
        let records = [
            F.match(players: [F.player("a", frags: 5), F.player("b", frags: 1), F.player("gone", leftEarly: true)]),
            F.match(minute: 15, aborted: true, players: [F.player("a"), F.player("late")]),
        ]
        let ratings = RatingLedger.ratings(from: records, mode: .freeForAll)
        #expect(Set(ratings.keys) == ["a", "b"])
        #expect(RatingLedger(records: records, mode: .freeForAll).periods == 1)
    }
}
