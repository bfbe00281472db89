import Foundation
import HearthStatsModels
import Testing

@testable import HearthStatsEngine

@Suite struct MatchTimelineTests {
    typealias F = RecordFixtures

    @Test func sortsByStartThenServerThenTimestampThenMap() {
        let late = F.match(minute: 30, players: [])
        let b = F.match(minute: 0, server: "b", players: [])
        var aLaterStamp = F.match(minute: 0, server: "a", players: [])
        aLaterStamp.gameTimestamp = "t+9"
        let aMapZ = F.match(minute: 0, server: "a", map: "z", players: [])
        let aMapA = F.match(minute: 0, server: "a", map: "a", players: [])
        let ordered = MatchTimeline.ordered([late, b, aLaterStamp, aMapZ, aMapA])
        #expect(ordered == [aMapA, aMapZ, aLaterStamp, b, late])
    }

    @Test func keepsOneRecordPerMatchWhicheverArrivedFirst() {
        let finished = F.duel(minute: 0, "a", "b")
        var aborted = finished
        aborted.exitReason = nil
        var otherName = finished
        otherName.serverName = "another node's reading"
        #expect(MatchTimeline.ordered([aborted, finished]) == [finished])
        #expect(MatchTimeline.ordered([finished, aborted]) == [finished])
        let chosen = MatchTimeline.ordered([finished, otherName])
        #expect(chosen == MatchTimeline.ordered([otherName, finished]))
        #expect(chosen.count == 1)
        #expect(MatchTimeline.ordered([finished, finished]) == [finished])
    }

    @Test func theNodesRebuildOnOutOfOrderEndsWhereSortedInputDoes() {
        var random = RecordFixtures.Random(state: 3)
        let season = F.season(count: 80)
        // Mostly in order, with some records late.
        var arrivals = season
        for _ in 0..<12 {
            let from = Int.random(in: 0..<arrivals.count, using: &random)
            let record = arrivals.remove(at: from)
            arrivals.insert(record, at: min(arrivals.count, from + Int.random(in: 1...6, using: &random)))
        }
        for mode in [GameMode.freeForAll, .teamDeathmatch] {
            var seen: [MatchRecord] = []
            var ledger = RatingLedger(mode: mode)
            var rebuilds = 0
            for record in arrivals {
                seen.append(record)
                if ledger.apply(record) == .outOfOrder {
                    ledger = RatingLedger(records: seen, mode: mode)
                    rebuilds += 1
                }
            }
            #expect(rebuilds > 0)
            #expect(ledger.ratings == RatingLedger.ratings(from: season, mode: mode))
        }
    }

    @Test func duplicateRecordsCountOnceOnTheLeaderboard() {
        let records = [F.duel(minute: 0, "a", "b"), F.duel(minute: 15, "a", "b")]
        let doubled = Leaderboard(records: records + records, mode: .freeForAll)
        #expect(doubled.rows == Leaderboard(records: records, mode: .freeForAll).rows)
        #expect(doubled.rows.first { $0.name == "a" }?.matches == 2)
    }
}
