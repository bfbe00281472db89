import Foundation
import HearthStatsEngine
import HearthStatsModels
import Testing

/// The real logs in `Logs/`, each checked against what its own lines say (`LogTally`).
struct RealLogTests {
    @Test(arguments: FixtureLog.all)
    func everyInitGameEndsInOneRecordWhenAnythingHappened(_ log: FixtureLog) {
        let records = log.records
        let tallies = LogTally.matches(log.lines)
        #expect(records.count == tallies.filter { $0.kills > 0 }.count)
        #expect(records.map(\.exitReason) == tallies.filter { $0.kills > 0 }.map(\.exitReason))
    }

    @Test(arguments: FixtureLog.all)
    func finalScoresAreTheScoreLines(_ log: FixtureLog) {
        let finished = zip(log.records, LogTally.matches(log.lines).filter { $0.kills > 0 })
        for (record, tally) in finished where tally.exitReason != nil {
            #expect(!tally.finalScores.isEmpty)
            for (name, score) in tally.finalScores {
                #expect(record.players.first { $0.name == name }?.score == score, "\(name) in \(log.name)")
            }
        }
    }

    @Test(arguments: FixtureLog.all)
    func fragsDeathsAndSuicidesAddUpWithTheKillLines(_ log: FixtureLog) {
        for (record, tally) in zip(log.records, LogTally.matches(log.lines).filter { $0.kills > 0 }) {
            #expect(record.kills.count == tally.kills)
            for player in record.players {
                #expect(player.frags == tally.frags[player.name, default: 0], "\(player.name) in \(log.name)")
                #expect(player.deaths == tally.deaths[player.name, default: 0], "\(player.name) in \(log.name)")
                #expect(player.suicides == tally.suicides[player.name, default: 0], "\(player.name) in \(log.name)")
                #expect(player.killsByWeapon.values.reduce(0, +) == player.frags)
                #expect(player.victims.values.reduce(0, +) == player.frags)
            }
            #expect(record.players.map(\.deaths).reduce(0, +) == record.kills.count)
        }
    }

    @Test(arguments: [FixtureLog("tdm-timelimit"), FixtureLog("tdm-teamkills"), FixtureLog("ctf-timelimit")])
    func teamScoresAreTheRedBlueLine(_ log: FixtureLog) {
        for (record, tally) in zip(log.records, LogTally.matches(log.lines).filter { $0.kills > 0 })
        where tally.exitReason != nil {
            #expect(record.teamScores == tally.teamScores)
            #expect(record.teamScores.values.reduce(0, +) > 0)
        }
    }

    @Test func teamKillsCountAsDeathsOnlyInARealLog() {
        let log = FixtureLog("tdm-teamkills")
        let tallies = LogTally.matches(log.lines)
        #expect(tallies.map(\.teamKills).reduce(0, +) >= 3)
        let first = log.records[0]
        #expect(first.teamScores == ["red": 10, "blue": 9])
        // Angelyss killed team mate Grism at 2:41: Grism's death, not Angelyss's frag.
        #expect(first.kills.contains { $0.killer == "Angelyss" && $0.victim == "Grism" && $0.second == 161 })
        #expect(first.players.first { $0.name == "Angelyss" }?.victims["Grism"] == nil)
    }

    @Test func captureTheFlagCountsCapturesWhileItRuns() {
        var assembler = MatchAssembler(server: "ctf")
        var lastRed: Int?
        for line in FixtureLog("ctf-timelimit").lines {
            for case .teamScoreChanged("red", let score) in assembler.feed(line) { lastRed = score }
            if line.contains("Exit:") { break }
        }
        #expect(lastRed == 1)
        #expect(assembler.scoreboard?.teamScores == ["red": 1, "blue": 0])
        #expect(assembler.scoreboard?.players.count == 6)
    }

    @Test func matchesCutShortAreRecordedAsAborted() {
        let sigterm = FixtureLog("ffa-sigterm").records
        #expect(sigterm.map(\.aborted) == [true])
        #expect(sigterm[0].durationSeconds == 100)
        let sigkill = FixtureLog("ffa-sigkill-restart").records
        #expect(sigkill.map(\.aborted) == [true, true])
        // Killed without ShutdownGame: the match ends with its last line, an item picked up at 1:02.
        #expect(sigkill[0].durationSeconds == 62)
        #expect(sigkill[0].kills.count == 7)
        let mapChange = FixtureLog("ffa-kick-mapchange").records
        #expect(mapChange.map(\.aborted) == [true, false, true])
        #expect(mapChange.map(\.map) == ["oa_dm2", "oa_dm3", "oa_dm3"])
    }

    @Test func clientNumbersReusedByOtherPlayersKeepTheirTalliesApart() throws {
        let records = FixtureLog("ffa-kick-mapchange").records
        let first = records[0]
        let major = try #require(first.players.first { $0.name == "Major" })
        let baron = try #require(first.players.first { $0.name == "^1Red Baron" })
        #expect(major.leftEarly && major.secondsPlayed == 48)
        #expect(!baron.leftEarly && baron.secondsPlayed == 53)
        // Angelyss spectated from 1:16 to 1:32.
        let angelyss = try #require(first.players.first { $0.name == "Angelyss" })
        #expect(angelyss.secondsPlayed == 109 - 16)
        let second = records[1]
        #expect(second.exitReason == "Fraglimit hit.")
        let joe = try #require(second.players.first { $0.name == "Joe killed Bob" })
        #expect(joe.score == 3 && !joe.leftEarly && joe.secondsPlayed == 449 - 40)
        let grism = try #require(second.players.first { $0.name == "Grism" })
        #expect(grism.leftEarly && grism.secondsPlayed == 32)
        // Sarge was kicked at 0:56 and came back on the same number at 1:05: one player, two stretches.
        let sarge = try #require(second.players.first { $0.name == "Sarge" })
        #expect(!sarge.leftEarly && sarge.secondsPlayed == 449 - 9 && sarge.score == 8)
        // The EXCELLENT award for the last kill is logged after the score lines, in Exit's second.
        #expect(sarge.awards["EXCELLENT"] == 2)
        #expect(second.kills.contains { $0.victim == "Joe killed Bob" })
    }

    @Test func recordsCarryTheMatchIdentity() throws {
        let record = try #require(FixtureLog("ffa-fraglimit").records.first)
        #expect(record.server == "127.0.0.1:27960")
        #expect(record.serverName == "LAN-party test")
        #expect(record.gameTimestamp == "2026-12-06 12:52:12")
        #expect(record.startedAt == Date(timeIntervalSince1970: 1_796_561_532))
        #expect(record.map == "oa_dm1" && record.gameType == 0)
        #expect(record.durationSeconds == 111 && record.exitReason == "Fraglimit hit.")
        #expect(record.settings["fraglimit"] == "5" && record.settings["sv_maxclients"] == "8")
        #expect(record.players.map(\.name) == ["Angelyss", "Major", "Grism", "Sarge"])
        #expect(FixtureLog.records(FixtureLog("ffa-fraglimit").lines, server: "").first?.server == "LAN-party test")
    }

    @Test func openArenaTimesRunOnAcrossMapRestarts() {
        // The second match starts at 2:07 of the server's clock; its kills count from there.
        let records = FixtureLog("ffa-fraglimit").records
        #expect(records[1].kills.allSatisfy { $0.second >= 0 && $0.second <= records[1].durationSeconds })
        #expect(records[1].durationSeconds == 81)
    }
}
