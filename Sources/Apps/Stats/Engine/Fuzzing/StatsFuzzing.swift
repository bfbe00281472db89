import Foundation
import HearthStatsModels

/// The fuzz target's door to the stats engine: untrusted bytes read as a `games.log`, line by line,
/// by a fresh `MatchAssembler`, twice. Traps (`fatalError`) when the two readings differ or a
/// finished record breaks what every record keeps: each kill is one death, frags and suicides come
/// from kills, nothing negative. `runServerAnswer` does the same for a game server's UDP answer.
@_spi(Fuzzing) public enum StatsFuzzing {
    public static func run(_ bytes: [UInt8]) {
        let first = read(bytes)
        guard read(bytes) == first else { fatalError("the same log read twice gave different events") }
        for case .matchFinished(let record) in first { check(record) }
    }

    /// A small real-looking match of each kind and a game server's answers, as the starting corpus.
    public static func seeds() -> [String: [UInt8]] {
        ["ffa": ffa, "tdm": tdm, "ctf": ctf, "aborted": aborted].mapValues { Array($0.utf8) }
            .merging(serverSeeds) { first, _ in first }
    }

    /// Untrusted bytes read as a game server's answer to `getstatus` and `getinfo` (with and
    /// without a challenge, and as a LAN scan's answer), twice. Traps when the readings differ,
    /// what was read is over `ServerQuery.Limits`, or an answer written back out reads differently.
    public static func runServerAnswer(_ bytes: [UInt8]) {
        let status = try? ServerQuery.status(bytes)
        guard (try? ServerQuery.status(bytes)) == status else { fatalError("one status answer read two ways") }
        if let status {
            checkLimits(status.values, players: status.players)
            if let challenge = status.challenge, (try? ServerQuery.status(bytes, challenge: challenge)) != status {
                fatalError("a status answer refused its own challenge")
            }
            if let written = try? ServerQuery.statusAnswer(status), (try? ServerQuery.status(written)) != status {
                fatalError("a status answer written back out reads differently")
            }
        }
        let echoed = ServerQuery.echoedChallenge(bytes)
        for challenge in Set(["xxx", echoed ?? "xxx"]) {
            let info = try? ServerQuery.info(bytes, challenge: challenge)
            guard (try? ServerQuery.info(bytes, challenge: challenge)) == info else {
                fatalError("one info answer read two ways")
            }
            guard let info else { continue }
            checkLimits(info.values, players: [])
            if let written = try? ServerQuery.infoAnswer(info),
                (try? ServerQuery.info(written, challenge: challenge)) != info
            {
                fatalError("an info answer written back out reads differently")
            }
        }
        let source = ServerAddress(host: "10.0.0.5")
        let found = LANScan.servers(answers: [(source, bytes), (source, bytes)], challenge: echoed ?? "xxx")
        guard found.count <= 1 else { fatalError("one address found twice") }
    }

    private static func checkLimits(_ values: [String: String], players: [ServerPlayer]) {
        // Repaired UTF-8 may take up to three bytes for each byte received.
        let field = 3 * ServerQuery.Limits.fieldBytes
        guard values.count <= ServerQuery.Limits.infoKeys, players.count <= ServerQuery.Limits.players,
            values.allSatisfy({ !$0.key.isEmpty && $0.key.utf8.count <= field && $0.value.utf8.count <= field }),
            players.allSatisfy({ $0.name.utf8.count <= field })
        else { fatalError("a server answer over the limits was read") }
    }

    /// A status answer as OpenArena 0.8.8 writes it (shortened), one with a challenge, colour
    /// codes and quotes in a name, an empty server, and an info answer.
    private static let serverSeeds: [String: [UInt8]] = [
        "server-status":
            #"statusResponse\#n\sv_hostname\LAN-party test\g_gametype\0\fraglimit\10\timelimit\10\version\ioq3 1.36 linux-x86_64\mapname\oa_dm1\sv_maxclients\8\capturelimit\8\g_timestamp\2026-12-06 13:11:14\#n2 0 "Angelyss"\#n0 0 "Grism"\#n-1 0 "Major"\#n0 0 "Sarge"\#n"#,
        "server-status-challenge":
            #"statusResponse\#n\challenge\c0ffee\sv_hostname\^1LAN^7-party\g_gametype\4\mapname\oa_ctf2\sv_maxclients\16\#n7 48 "^1Sar^7ge"\#n3 0 "a "quoted" name"\#n"#,
        "server-status-empty": #"statusResponse\#n\sv_hostname\empty\mapname\oa_dm2\#n"#,
        "server-info":
            #"infoResponse\#n\voip\opus\g_needpass\0\pure\1\gametype\0\sv_maxclients\8\g_humanplayers\0\clients\4\mapname\oa_dm1\hostname\LAN-party test\protocol\71\gamename\Quake3Arena\challenge\xxx"#,
    ].mapValues { ServerQuery.prefix + Array($0.utf8) }

    private static func read(_ bytes: [UInt8]) -> [MatchEvent] {
        var assembler = MatchAssembler(server: "fuzz")
        var events: [MatchEvent] = []
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            events += assembler.feed(QuakeLogLine.parse(line))
            _ = assembler.scoreboard
        }
        return events + assembler.end()
    }

    private static func check(_ record: MatchRecord) {
        let players = record.players
        guard players.reduce(0, { $0 + $1.deaths }) == record.kills.count else {
            fatalError("deaths do not add up to the kills in \(record.map)")
        }
        guard players.reduce(0, { $0 + $1.frags + $1.suicides }) <= record.kills.count else {
            fatalError("more frags and suicides than kills in \(record.map)")
        }
        for player in players {
            guard player.frags >= 0, player.deaths >= player.suicides, player.suicides >= 0,
                player.secondsPlayed >= 0, player.frags == player.killsByWeapon.values.reduce(0, +),
                player.frags == player.victims.values.reduce(0, +)
            else { fatalError("\(player.name)'s tallies do not agree in \(record.map)") }
        }
        guard record.durationSeconds >= 0 else { fatalError("negative duration in \(record.map)") }
    }

    private static let header =
        #"  0:00 InitGame: \sv_hostname\fuzz\g_gametype\%d\sv_maxclients\8\capturelimit\8\fraglimit\5\videoflags\7\mapname\%@\g_timestamp\2026-11-22 07:06:04"#

    private static func initGame(_ gameType: Int, _ map: String) -> String {
        header.replacingOccurrences(of: "%d", with: "\(gameType)").replacingOccurrences(of: "%@", with: map)
    }

    private static func client(_ number: Int, _ name: String, team: Int) -> String {
        """
          0:00 ClientUserinfoChanged: \(number) n\\\(name)\\t\\\(team)\\model\\sarge\\skill\\ 3.00\\tt\\0\\tl\\0\\id\\
          0:00 ClientConnect: \(number)
          0:00 ClientBegin: \(number)
        """
    }

    private static let ffa = [
        initGame(0, "oa_dm1"), client(0, "^1Sarge", team: 0), client(1, "Joe killed Bob", team: 0),
        """
          0:06 Kill: 0 1 7: ^1Sarge killed Joe killed Bob by MOD_ROCKET_SPLASH
          0:06 PlayerScore: 0 1: ^1Sarge now has 1 points
          0:09 Kill: 1022 0 19: <world> killed ^1Sarge by MOD_FALLING
          0:12 Award: 1 1: Joe killed Bob gained the EXCELLENT award!
          0:20 Exit: Fraglimit hit.
          0:20 score: 1  ping: 0  client: 0 ^1Sarge
          0:20 score: 0  ping: 0  client: 1 Joe killed Bob
          0:36 ShutdownGame:
        """,
    ].joined(separator: "\n")

    private static let tdm = [
        initGame(3, "oa_dm3"), client(0, "Grism", team: 1), client(1, "Major", team: 1), client(2, "Tony", team: 2),
        """
          0:04 Kill: 0 1 7: Grism killed Major by MOD_ROCKET_SPLASH
          0:05 Kill: 2 0 1: Tony killed Grism by MOD_SHOTGUN
          0:05 TeamScore: 2 1: Team 2 now has 1 points
          0:05 PlayerScore: 2 1: Tony now has 1 points
          5:00 Exit: Timelimit hit.
          5:00 red:0  blue:1
          5:00 score: 1  ping: 0  client: 2 Tony
          5:16 ShutdownGame:
        """,
    ].joined(separator: "\n")

    private static let ctf = [
        initGame(4, "oa_ctf2"), client(0, "Angelyss", team: 1), client(1, "Sarge", team: 2),
        """
          0:38 CTF: 0 2 0: Angelyss got the BLUE flag!
          0:52 CTF: 0 2 1: Angelyss captured the BLUE flag!
          0:52 Award: 0 4: Angelyss gained the CAPTURE award!
          1:10 CTF: 1 1 0: Sarge got the RED flag!
          1:11 Kill: 0 1 10: Angelyss killed Sarge by MOD_RAILGUN
          1:11 CTF: 0 1 3: Angelyss fragged RED's flag carrier!
          6:00 Exit: Timelimit hit.
          6:00 red:1  blue:0
          6:00 score: 7  ping: 0  client: 0 Angelyss
          6:00 score: 0  ping: 0  client: 1 Sarge
          6:16 ShutdownGame:
        """,
    ].joined(separator: "\n")

    private static let aborted = [
        initGame(0, "oa_dm2"), client(0, "Sarge", team: 0), client(1, "Grism", team: 0),
        """
          0:10 Kill: 0 1 3: Sarge killed Grism by MOD_MACHINEGUN
          0:12 ClientDisconnect: 1
          0:20 ClientUserinfoChanged: 1 n\\Major\\t\\0\\tl\\0
          0:20 ClientBegin: 1
          0:25 Kill: 1 1 20: Major killed Major by MOD_SUICIDE
          0:30 ShutdownGame:
        """,
    ].joined(separator: "\n")
}
