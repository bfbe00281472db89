import Foundation
import HearthStatsEngine
import HearthStatsModels

/// A long OpenArena log made of the real logs in `Tests/HearthStatsEngineTests/Logs`, copied over
/// and over: each `InitGame` of a copy gets its own `g_timestamp` (so every match is a new one)
/// and each copy's players take names from a pool, so that leaderboards have many players with
/// many matches each. The matches are assembled as they are written, and the log ends with the
/// match that makes `matches` records.
struct SyntheticLog {
    /// Fixture logs whose matches run to their end (fraglimit, timelimit, a map change).
    static let templates = ["ffa-fraglimit", "tdm-timelimit", "ctf-timelimit", "tdm-teamkills", "ffa-kick-mapchange"]

    var bytes: [UInt8] = []
    var lines = 0
    var records: [MatchRecord] = []

    /// - Parameters:
    ///   - fixtures: the folder of the fixture logs.
    ///   - players: how many distinct names the players are drawn from.
    init(matches: Int, players: Int, fixtures: URL) throws {
        let templates = try Self.templates.map { name in
            try String(contentsOf: fixtures.appendingPathComponent("\(name).log"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        let pool = (0..<players).map { "Player\($0)" }
        var assembler = MatchAssembler(server: "bench.lan:27960")
        var matchNumber = 0
        var copy = 0
        bytes.reserveCapacity(matches * 24_000)
        while records.count < matches {
            var names: [String: String] = [:]
            func renamed(_ name: String) -> String {
                if let known = names[name] { return known }
                let new = pool[(copy * 7 + names.count * 13) % pool.count]
                names[name] = new
                return new
            }
            for original in templates[copy % templates.count] {
                var line = original
                if line.contains("InitGame:") {
                    line = Self.restamped(line, number: matchNumber)
                    matchNumber += 1
                } else if let range = line.range(of: "ClientUserinfoChanged: ") {
                    line = Self.renamingUserinfo(line, after: range.upperBound, renamed)
                } else if line.contains(" score: "), let client = line.range(of: "  client: ") {
                    // `score: 5  ping: 0  client: 2 Major`: the name follows the client number.
                    let rest = line[client.upperBound...]
                    if let space = rest.firstIndex(of: " ") {
                        line =
                            String(line[..<rest.index(after: space)])
                            + renamed(String(rest[rest.index(after: space)...]))
                    }
                }
                bytes += line.utf8
                bytes.append(0x0A)
                lines += 1
                for case .matchFinished(let record) in assembler.feed(line) {
                    records.append(record)
                }
                if records.count == matches { return }
            }
            copy += 1
        }
    }

    /// The `InitGame` line of a free-for-all on `oa_dm1` with no limits, started `number` minutes
    /// after 2026-05-31 (after every copied match).
    static func initGame(number: Int) -> String {
        restamped(
            #"  0:00 InitGame: \sv_hostname\Bench arena\g_gametype\0\fraglimit\0\timelimit\0\sv_maxclients\8\capturelimit\8\mapname\oa_dm1\g_timestamp\2026-06-01 00:00:00"#,
            number: number + 216_000)
    }

    /// A player entering the game as client `client`.
    static func joining(_ client: Int, _ name: String) -> [String] {
        [
            #"  0:00 ClientUserinfoChanged: \#(client) n\\#(name)\t\0\model\sarge\tl\0"#,
            "  0:00 ClientConnect: \(client)", "  0:00 ClientBegin: \(client)",
        ]
    }

    /// A kill at `second` of the game.
    static func kill(second: Int, killer: Int, victim: Int, names: [String]) -> String {
        String(format: "%3d:%02d", second / 60, second % 60)
            + " Kill: \(killer) \(victim) 7: \(names[killer]) killed \(names[victim]) by MOD_ROCKET_SPLASH"
    }

    /// A whole short match, started `number` minutes after 2026-05-31: two players, three kills,
    /// fraglimit, scores.
    static func shortMatch(number: Int) -> String {
        let names = ["Player1", "Player2"]
        var lines = [initGame(number: number)] + joining(0, names[0]) + joining(1, names[1])
        lines += (1...3).map { kill(second: $0 * 5, killer: 0, victim: 1, names: names) }
        lines += [
            "  0:15 Exit: Fraglimit hit.", "  0:15 score: 3  ping: 0  client: 0 Player1",
            "  0:15 score: 0  ping: 0  client: 1 Player2", "  0:20 ShutdownGame:",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `InitGame` with `g_timestamp` set to the `number`th minute after 2026-01-01.
    static func restamped(_ line: String, number: Int) -> String {
        guard let key = line.range(of: "\\g_timestamp\\") else { return line }
        let end = line[key.upperBound...].firstIndex(of: "\\") ?? line.endIndex
        let date = Date(timeIntervalSince1970: 1_767_225_600 + Double(number) * 60)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!)
        return String(line[..<key.upperBound]) + stamp + String(line[end...])
    }

    /// `ClientUserinfoChanged: 3 n\Sarge\t\0…` with the name replaced.
    static func renamingUserinfo(_ line: String, after start: String.Index, _ renamed: (String) -> String) -> String {
        guard let field = line[start...].range(of: " n\\") else { return line }
        let end = line[field.upperBound...].firstIndex(of: "\\") ?? line.endIndex
        return String(line[..<field.upperBound]) + renamed(String(line[field.upperBound..<end])) + String(line[end...])
    }
}
