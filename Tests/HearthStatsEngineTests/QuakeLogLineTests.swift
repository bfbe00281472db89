import Foundation
import HearthStatsEngine
import Testing

/// One line at a time: each event's format, times, and what is noise.
struct QuakeLogLineTests {
    private func event(_ line: String) -> QuakeLogEvent { QuakeLogLine.parse(line).event }

    @Test func readsTheTimeWhateverTheMinutesAndPadding() {
        #expect(QuakeLogLine.parse("  0:06 ShutdownGame:").seconds == 6)
        #expect(QuakeLogLine.parse(" 13:08 ShutdownGame:").seconds == 788)
        #expect(QuakeLogLine.parse("1234:59 ShutdownGame:").seconds == 74_099)
        #expect(QuakeLogLine.parse("5:00 ShutdownGame:\r\n") == QuakeLogLine(seconds: 300, event: .shutdownGame))
        #expect(QuakeLogLine.parse("ShutdownGame:") == QuakeLogLine(seconds: nil, event: .shutdownGame))
        #expect(QuakeLogLine.parse("  0:6 ShutdownGame:").seconds == nil)
        #expect(QuakeLogLine.parse("  0:75 ShutdownGame:").seconds == nil)
    }

    @Test func readsInitGameSettings() throws {
        let line =
            #"  0:00 InitGame: \sv_hostname\LAN party\g_gametype\4\capturelimit\3\sv_maxclients\8\mapname\oa_ctf2\videoflags\7\g_timestamp\2026-11-22 07:06:04"#
        guard case .initGame(let settings) = event(line) else { Issue.record("not InitGame"); return }
        #expect(settings.mapName == "oa_ctf2" && settings.gameType == 4 && settings.hostname == "LAN party")
        #expect(settings.timestamp == "2026-11-22 07:06:04" && settings.values["capturelimit"] == "3")
    }

    @Test func refusesAnInitGameCutShort() {
        let whole =
            #"  0:00 InitGame: \g_gametype\0\sv_maxclients\8\mapname\oa_dm1\videoflags\7\capturelimit\8\g_timestamp\2026-11-22 07:06:04"#
        #expect(event(whole) != .noise)
        #expect(event(String(whole.dropLast(3))) == .noise)
        #expect(event(String(whole.dropLast(33))) == .noise)
        // ioquake3 writes no g_timestamp: four keys make it whole.
        #expect(event(#"InitGame: \g_gametype\0\sv_maxclients\8\capturelimit\8\mapname\q3dm17"#) != .noise)
        #expect(event(#"InitGame: \g_gametype\0\sv_maxclients\8\mapname\q3dm17"#) == .noise)
    }

    @Test func readsClientLines() {
        let line = #"  0:56 ClientUserinfoChanged: 2 n\^1Red Baron\t\0\model\kyonshi\skill\ 3.00\tt\0\tl\0\id\"#
        guard case .clientUserinfoChanged(let info) = event(line) else { Issue.record("not userinfo"); return }
        #expect(info.client == 2 && info.name == "^1Red Baron" && info.team == 0 && info.isBot)
        #expect(info.fields["model"] == "kyonshi" && info.fields["id"] == "")
        #expect(event("  0:56 ClientConnect: 2") == .clientConnect(client: 2))
        #expect(event("  0:56 ClientBegin: 12") == .clientBegin(client: 12))
        #expect(event("  0:48 ClientDisconnect: 2") == .clientDisconnect(client: 2))
        #expect(event("  0:48 ClientDisconnect: 2x") == .noise)
        #expect(event("  0:48 ClientDisconnect:") == .noise)
        #expect(event(#"  0:56 ClientUserinfoChanged: 2 n\^1Red Baron\t\0\model\kyo"#) == .noise)
    }

    @Test func readsKillsByNumbersNotNames() {
        #expect(
            event("  2:09 Kill: 3 1 7: Sarge killed Joe killed Bob by MOD_ROCKET_SPLASH")
                == .kill(Kill(killer: 3, victim: 1, meansOfDeath: 7, weapon: "MOD_ROCKET_SPLASH")))
        #expect(
            event("  0:39 Kill: 1022 5 22: <world> killed Tony by MOD_TRIGGER_HURT")
                == .kill(Kill(killer: 1022, victim: 5, meansOfDeath: 22, weapon: "MOD_TRIGGER_HURT")))
        // baseq3's grapple is 23, OpenArena's nail gun; a mod past both tables keeps its name.
        #expect(event("Kill: 1 2 23: A killed B by MOD_GRAPPLE") != .noise)
        #expect(event("Kill: 1 2 40: A killed B by MOD_HOOK") != .noise)
        #expect(event("Kill: 1 2 40: A killed B by <bad obituary>") != .noise)
        #expect(event("Kill: 1 2 7: A killed B by MOD_ROCKET") == .noise)
        #expect(event("Kill: 1 2 7: A killed B by MOD_ROCKET_SPL") == .noise)
        #expect(event("Kill: 1 2 7: A killed B") == .noise)
        #expect(event("Kill: 1 2 7:") == .noise)
        #expect(event("Kill: 1 x 7: A killed B by MOD_ROCKET_SPLASH") == .noise)
        #expect(event("Kill: 1 99999999999 7: A killed B by MOD_ROCKET_SPLASH") == .noise)
    }

    @Test func readsScoresAwardsAndFlags() {
        #expect(event("  0:06 PlayerScore: 1 -1: A now has -1 points") == .playerScore(client: 1, score: -1))
        #expect(event("  0:06 PlayerScore: 1 12: A now has 1") == .noise)
        #expect(event("  0:06 PlayerScore: 1 12: A now has 1 points") == .noise)
        #expect(event("  4:23 TeamScore: 2 2: Team 2 now has 2 points") == .teamScore(team: 2, score: 2))
        #expect(
            event("  1:57 Award: 0 1: Angel gained the day gained the EXCELLENT award!")
                == .award(client: 0, awardID: 1, award: "EXCELLENT"))
        #expect(event("  1:57 Award: 0 1: Angel gained the EXCELLENT awa") == .noise)
        #expect(
            event("  6:52 CTF: 1 2 1: Grism captured the BLUE flag!")
                == .flag(FlagEvent(client: 1, team: 2, action: .captured)))
        #expect(
            event("  6:52 1FCTF: -1 -1 2: The flag was returned!")
                == .flag(FlagEvent(client: -1, team: -1, action: .returned, oneFlag: true)))
        #expect(event("  6:52 CTF: 1 2 1: Grism captured the BLUE fl") == .noise)
        #expect(event("  6:52 CTF: 1 2 9: Grism did something!") == .noise)
        #expect(event("  0:00 Challenge: 3 401 1: Client 3 got award 401") == .challenge(client: 3, challenge: 401))
        #expect(event("  0:01 Item: 2 ammo_grenades") == .item(client: 2, item: "ammo_grenades"))
    }

    @Test func readsTheEndOfAMatch() {
        #expect(event("  2:28 Exit: Fraglimit hit.") == .exit(reason: "Fraglimit hit."))
        #expect(event("  2:28 Exit: Fraglimit hi") == .noise)
        #expect(event("  5:00 red:5  blue:12") == .teamScores(red: 5, blue: 12))
        #expect(event("  5:00 red:5  blue:") == .noise)
        #expect(
            event("  7:29 score: -3  ping: 999  client: 1 Joe killed Bob")
                == .finalScore(FinalScore(score: -3, ping: 999, client: 1, name: "Joe killed Bob")))
        #expect(event("  7:29 score: 3  ping: 0  client: 1") == .noise)
        #expect(event("  2:37 ShutdownGame:") == .shutdownGame)
        #expect(event("  2:37 ShutdownGame: now") == .noise)
        #expect(event("  0:00 Warmup:") == .warmup)
    }

    @Test func keepsOtherLinesAsOtherAndChatAsText() {
        #expect(event("  0:00 ------------------------------------------------------------") == .separator)
        #expect(
            event("  0:00 Playerstore: Failed to restore player. Invalid guid: ")
                == .other("Playerstore: Failed to restore player. Invalid guid: "))
        #expect(event("  0:00 Restored player with guid: 12") == .other("Restored player with guid: 12"))
        #expect(event("  2:29 say: Angelyss: I: would like") == .say("Angelyss: I: would like"))
        #expect(event("  0:28 sayteam: Major: I lead.") == .sayTeam("Major: I lead."))
        #expect(event("") == .noise)
        #expect(event("   ") == .noise)
    }

    @Test func refusesLinesOverEightKilobytes() {
        let long = "  0:01 Item: 2 " + String(repeating: "a", count: QuakeLogLine.maximumLength)
        #expect(event(long) == .noise)
        #expect(event(String(long.prefix(QuakeLogLine.maximumLength))) != .noise)
    }

    @Test func readsBytesAsItReadsText() {
        let line = "  1:03 Award: 2 1: ^1Red Baron gained the EXCELLENT award!\n"
        #expect(QuakeLogLine.parse(ArraySlice(line.utf8)) == QuakeLogLine.parse(line))
        let invalid: [UInt8] = Array("  0:01 say: ".utf8) + [0xFF, 0xC3]
        #expect(QuakeLogLine.parse(invalid[...]).event == .say("\u{FFFD}\u{FFFD}"))
    }

    @Test func readsGameTimestampsAsUTC() {
        #expect(GameTimestamp.date("1970-01-01 00:00:00") == Date(timeIntervalSince1970: 0))
        #expect(GameTimestamp.date("2024-02-29 23:59:59") == Date(timeIntervalSince1970: 1_709_251_199))
        #expect(GameTimestamp.date("2023-02-29 00:00:00") == nil)
        #expect(GameTimestamp.date("2026-11-22 07:06") == nil)
        #expect(GameTimestamp.date("2026-11-22T07:06:04") == nil)
    }
}
