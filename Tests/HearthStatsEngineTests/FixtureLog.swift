import Foundation
import HearthStatsEngine
import HearthStatsModels
import Testing

/// A real `games.log` recorded from an OpenArena server (`Logs/README.md` says how).
struct FixtureLog: CustomTestStringConvertible, Sendable {
    static let all = [
        "ffa-fraglimit", "tdm-timelimit", "tdm-teamkills", "ctf-timelimit", "ffa-kick-mapchange", "ffa-sigterm",
        "ffa-sigkill-restart",
    ].map(FixtureLog.init)

    let name: String
    var testDescription: String { name }

    init(_ name: String) {
        self.name = name
    }

    var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Logs/\(name).log")
    }

    var bytes: [UInt8] { (try? [UInt8](Data(contentsOf: url))) ?? [] }

    /// The log's lines, without their newlines.
    var lines: [String] {
        bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The records a fresh assembler makes of `lines` (then the end of the log).
    static func records(_ lines: some Sequence<String>, server: String = "127.0.0.1:27960") -> [MatchRecord] {
        var assembler = MatchAssembler(server: server)
        var events: [MatchEvent] = []
        for line in lines { events += assembler.feed(line) }
        events += assembler.end()
        return events.compactMap {
            guard case .matchFinished(let record) = $0 else { return nil }
            return record
        }
    }

    var records: [MatchRecord] { Self.records(lines) }
}

/// What a match's own lines say, tallied here independently of the engine (plain string
/// splitting): the `score:` lines, `red:…blue:…`, and per-name kills, deaths and suicides from the
/// `Kill` lines before `Exit`, names and teams taken from the last `ClientUserinfoChanged` per number.
struct LogTally {
    var exitReason: String?
    var finalScores: [String: Int] = [:]
    var teamScores: [String: Int] = [:]
    var frags: [String: Int] = [:]
    var deaths: [String: Int] = [:]
    var suicides: [String: Int] = [:]
    var teamKills = 0
    var kills = 0

    /// One tally per `InitGame` in `lines`.
    static func matches(_ lines: [String]) -> [LogTally] {
        var tallies: [LogTally] = []
        var names: [String: String] = [:]
        var teams: [String: String] = [:]
        for line in lines {
            let text = line.drop { $0 == " " }.drop { $0 != " " }.dropFirst()
            if text.hasPrefix("InitGame:") {
                tallies.append(LogTally())
                names = [:]
                teams = [:]
                continue
            }
            guard !tallies.isEmpty else { continue }
            if text.hasPrefix("ClientUserinfoChanged: ") {
                let parts = text.dropFirst(23).split(separator: " ", maxSplits: 1)
                let info = parts[1].split(separator: "\\", omittingEmptySubsequences: false)
                names[String(parts[0])] = String(info[1])
                teams[String(parts[0])] = String(info[3])
            } else if text.hasPrefix("Exit: ") {
                tallies[tallies.count - 1].exitReason = String(text.dropFirst(6))
            } else if tallies[tallies.count - 1].exitReason != nil {
                if text.hasPrefix("score: ") {
                    let fields = text.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: true)
                    tallies[tallies.count - 1].finalScores[String(fields[6])] = Int(fields[1])!
                } else if text.hasPrefix("red:") {
                    let fields = text.split(separator: " ", omittingEmptySubsequences: true)
                    tallies[tallies.count - 1].teamScores = [
                        "red": Int(fields[0].dropFirst(4))!, "blue": Int(fields[1].dropFirst(5))!,
                    ]
                }
            } else if text.hasPrefix("Kill: ") {
                let numbers = text.dropFirst(6).prefix { $0 != ":" }.split(separator: " ").map(String.init)
                tallies[tallies.count - 1].count(killer: numbers[0], victim: numbers[1], names: names, teams: teams)
            }
        }
        return tallies
    }

    private mutating func count(killer: String, victim: String, names: [String: String], teams: [String: String]) {
        let victimName = names[victim]!
        kills += 1
        deaths[victimName, default: 0] += 1
        if killer == "1022" || killer == victim {
            suicides[victimName, default: 0] += 1
        } else if teams[killer] == teams[victim], teams[killer] == "1" || teams[killer] == "2" {
            teamKills += 1
        } else {
            frags[names[killer]!, default: 0] += 1
        }
    }
}
