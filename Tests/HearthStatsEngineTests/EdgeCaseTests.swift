import HearthStatsEngine
import HearthStatsModels
import Testing

/// A hand-written log (not a recording) for what bots on a real server rarely do: world kills,
/// suicides and team kills side by side, a name containing " killed ", a player leaving and coming
/// back on another number while a newcomer takes the old one, a rename, lines after `Exit`.
struct EdgeCaseTests {
    static let teamMatch = #"""
          0:00 ------------------------------------------------------------
          0:00 InitGame: \sv_hostname\Edge\g_gametype\3\sv_maxclients\8\capturelimit\8\fraglimit\20\mapname\oa_dm1\videoflags\7\g_timestamp\2026-11-22 07:06:04
          0:00 ClientUserinfoChanged: 0 n\^1Sarge\t\1\model\sarge\tt\0\tl\0\id\
          0:00 ClientConnect: 0
          0:00 ClientBegin: 0
          0:00 ClientConnect: 1
          0:00 ClientUserinfoChanged: 1 n\Joe killed Bob\t\1\model\grism\tt\0\tl\0
          0:00 ClientBegin: 1
          0:00 ClientUserinfoChanged: 2 n\Grism\t\2\model\grism\skill\ 3.00\tt\0\tl\0\id\
          0:00 ClientConnect: 2
          0:00 ClientBegin: 2
          0:00 ClientUserinfoChanged: 3 n\Major\t\2\model\major\skill\ 3.00\tt\0\tl\0\id\
          0:00 ClientConnect: 3
          0:00 ClientBegin: 3
          0:05 Kill: 1022 2 19: <world> killed Grism by MOD_FALLING
          0:06 Kill: 3 3 7: Major killed Major by MOD_ROCKET_SPLASH
          0:07 Kill: 0 1 7: ^1Sarge killed Joe killed Bob by MOD_ROCKET_SPLASH
          0:07 PlayerScore: 0 -1: ^1Sarge now has -1 points
          0:08 Kill: 1 2 10: Joe killed Bob killed Grism by MOD_RAILGUN
          0:08 TeamScore: 1 1: Team 1 now has 1 points
          0:08 PlayerScore: 1 1: Joe killed Bob now has 1 points
          0:09 Kill: 2 0 1: Grism killed ^1Sarge by MOD_SHOTGUN
          0:10 ClientDisconnect: 1
          0:20 ClientUserinfoChanged: 4 n\Joe killed Bob\t\1\model\grism\tt\0\tl\0
          0:20 ClientConnect: 4
          0:20 ClientBegin: 4
          0:25 ClientUserinfoChanged: 1 n\Tony\t\2\model\tony\skill\ 3.00\tt\0\tl\0\id\
          0:25 ClientConnect: 1
          0:25 ClientBegin: 1
          0:30 Kill: 1 4 8: Tony killed Joe killed Bob by MOD_PLASMA
          0:35 Kill: 4 1 3: Joe killed Bob killed Tony by MOD_MACHINEGUN
          0:35 Award: 4 1: Joe killed Bob gained the EXCELLENT award!
          0:40 ClientUserinfoChanged: 3 n\Major Tom\t\2\model\major\skill\ 3.00\tt\0\tl\0\id\
          0:45 Kill: 3 0 6: Major Tom killed ^1Sarge by MOD_ROCKET
          1:00 Exit: Fraglimit hit.
          1:00 red:1  blue:2
          1:00 score: 1  ping: 0  client: 4 Joe killed Bob
          1:00 score: 1  ping: 0  client: 2 Grism
          1:00 score: 1  ping: 0  client: 3 Major Tom
          1:00 score: 1  ping: 0  client: 1 Tony
          1:00 score: -1  ping: 0  client: 0 ^1Sarge
          1:00 Award: 3 1: Major Tom gained the EXCELLENT award!
          1:00 Kill: 2 4 1: Grism killed Joe killed Bob by MOD_SHOTGUN
          1:01 Award: 2 1: Grism gained the EXCELLENT award!
          1:05 ClientDisconnect: 2
          1:16 ShutdownGame:
          1:16 ------------------------------------------------------------
        """#

    private func record() throws -> MatchRecord {
        let records = FixtureLog.records(Self.teamMatch.split(separator: "\n").map(String.init))
        #expect(records.count == 1)
        return try #require(records.first)
    }

    private func player(_ record: MatchRecord, _ name: String) throws -> PlayerRecord {
        try #require(record.players.first { $0.name == name })
    }

    @Test func worldKillsAndSuicidesAreDeathsAndSuicidesNotFrags() throws {
        let record = try record()
        let grism = try player(record, "Grism")
        #expect(grism.deaths == 2 && grism.suicides == 1 && grism.frags == 1)
        #expect(record.kills[0] == KillRecord(second: 5, killer: nil, victim: "Grism", weapon: "MOD_FALLING"))
        #expect(record.kills[1].killer == "Major Tom" && record.kills[1].victim == "Major Tom")
    }

    @Test func teamKillsAreDeathsForTheVictimAndNothingForTheKiller() throws {
        let record = try record()
        let sarge = try player(record, "^1Sarge")
        #expect(sarge.frags == 0 && sarge.deaths == 2 && sarge.killsByWeapon.isEmpty && sarge.victims.isEmpty)
        #expect(sarge.score == -1)
        #expect(
            record.kills[2]
                == KillRecord(second: 7, killer: "^1Sarge", victim: "Joe killed Bob", weapon: "MOD_ROCKET_SPLASH"))
    }

    @Test func namesContainingKilledAreTakenFromUserinfo() throws {
        let joe = try player(try record(), "Joe killed Bob")
        #expect(joe.frags == 2 && joe.deaths == 2 && joe.victims == ["Grism": 1, "Tony": 1])
        #expect(joe.killsByWeapon == ["MOD_RAILGUN": 1, "MOD_MACHINEGUN": 1])
    }

    @Test func aPlayerWhoReconnectsOnAnotherNumberIsOnePlayer() throws {
        let record = try record()
        let joe = try player(record, "Joe killed Bob")
        #expect(!joe.leftEarly && joe.secondsPlayed == 10 + 40 && joe.score == 1 && joe.team == 1)
        let tony = try player(record, "Tony")
        #expect(
            tony.frags == 1 && tony.deaths == 1 && tony.secondsPlayed == 35 && tony.victims == ["Joe killed Bob": 1])
    }

    @Test func aRenameCarriesTheMatchSoFarToTheNewName() throws {
        let record = try record()
        #expect(!record.players.contains { $0.name == "Major" })
        let tom = try player(record, "Major Tom")
        #expect(tom.frags == 1 && tom.deaths == 1 && tom.suicides == 1 && tom.secondsPlayed == 60)
        #expect(!record.kills.contains { $0.killer == "Major" || $0.victim == "Major" })
    }

    @Test func afterExitOnlyTheScoresAndExitsSecondsAwardsCount() throws {
        let record = try record()
        #expect(record.kills.count == 8)
        #expect(record.teamScores == ["red": 1, "blue": 2])
        #expect(try player(record, "Major Tom").awards == ["EXCELLENT": 1])
        #expect(try player(record, "Grism").awards.isEmpty)
        #expect(try player(record, "Grism").leftEarly == false)
        #expect(record.durationSeconds == 60 && record.exitReason == "Fraglimit hit.")
        #expect(record.players.map(\.name) == ["Joe killed Bob", "Grism", "Major Tom", "Tony", "^1Sarge"])
    }

    @Test func liveEventsFollowTheMatch() throws {
        var assembler = MatchAssembler(server: "edge")
        var events: [MatchEvent] = []
        for line in Self.teamMatch.split(separator: "\n") {
            events += assembler.feed(String(line))
            if line.contains("0:45 Kill") {
                let board = try #require(assembler.scoreboard)
                // Scores as the game reports them per client: Joe's new number has none yet.
                #expect(board.players.map(\.name) == ["Tony", "Grism", "Major Tom", "Joe killed Bob", "^1Sarge"])
                #expect(board.teamScores == ["red": 1, "blue": 0] && board.elapsedSeconds == 45)
            }
        }
        #expect(assembler.scoreboard == nil)
        #expect(events.contains(.renamed(client: 3, from: "Major", to: "Major Tom")))
        #expect(events.contains(.playerLeft(client: 1, name: "Joe killed Bob")))
        #expect(events.contains(.playerJoined(client: 1, name: "Tony", team: 2)))
        #expect(events.contains(.award(client: 4, name: "Joe killed Bob", award: "EXCELLENT")))
        #expect(events.contains(.scoreChanged(client: 4, name: "Joe killed Bob", score: 1)))
        #expect(events.filter { if case .kill = $0 { true } else { false } }.count == 8)
        guard case .matchStarted(let info) = events.first, case .matchFinished = events.last else {
            Issue.record("a match is framed by matchStarted and matchFinished")
            return
        }
        #expect(info.map == "oa_dm1" && info.gameType == 3 && info.server == "edge")
        #expect(events.contains(.matchExited(reason: "Fraglimit hit.")))
    }

    @Test func quietMatchesWarmUpsAndTruncatedLogsEndAsTheyShould() {
        let header = #"  0:00 InitGame: \g_gametype\0\sv_maxclients\8\capturelimit\8\mapname\oa_dm1"#
        let joins = [
            #"  0:00 ClientUserinfoChanged: 0 n\A\t\0\tl\0"#, "  0:00 ClientBegin: 0",
            #"  0:00 ClientUserinfoChanged: 1 n\B\t\0\tl\0"#, "  0:00 ClientBegin: 1",
        ]
        let kill = "  0:10 Kill: 0 1 1: A killed B by MOD_SHOTGUN"
        // Nothing happened: no record.
        #expect(FixtureLog.records([header] + joins + ["  0:30 ShutdownGame:"]).isEmpty)
        // A warm-up voided by the restart: no record.
        #expect(FixtureLog.records([header, "  0:00 Warmup:"] + joins + [kill, "  0:30 ShutdownGame:"]).isEmpty)
        // A kill, then the server restarted without ShutdownGame: aborted at its last known line
        // (noise does not count, even when it looks timed).
        let lines = [kill, "  0:12 Item: 0 ammo_shells", "  9:99 Item", "  0:15 Kill: 0 1 1: A killed", header]
        let aborted = FixtureLog.records([header] + joins + lines)
        #expect(aborted.count == 1 && aborted[0].aborted && aborted[0].durationSeconds == 12)
        // Exit without ShutdownGame (died in the intermission): finished when the next InitGame comes.
        let exited = FixtureLog.records([header] + joins + [kill, "  0:11 Exit: Fraglimit hit.", header])
        #expect(exited.map(\.exitReason) == ["Fraglimit hit."])
        // Lines before the first InitGame are ignored.
        #expect(FixtureLog.records(joins + [kill, "  0:30 ShutdownGame:"]).isEmpty)
    }
}
