import ArgumentParser
import Foundation

/// `hearth-bench stats`: reading logs, ranking 10,000 matches, and a kill's way from the log to
/// another node's screen.
struct StatsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Log lines parsed per second, leaderboards rebuilt from many records, kill-to-shown latency.")

    @Option(help: "Match records to rank (0 to skip the parse and rebuild figures).") var matches = 10_000
    @Option(help: "Distinct player names in the synthetic log.") var players = 300
    @Option(help: "Rebuilds to time.") var rounds = 10
    @Option(help: "Kills to time between the two nodes (0 to skip).") var kills = 200
    @Option(name: .customLong("kill-spacing-ms"), help: "Time between kills, in milliseconds.")
    var killSpacing = 300
    @Option(help: "The log fixtures' folder.") var fixtures = "Tests/HearthStatsEngineTests/Logs"
    @Option(help: "The hearth binary (default: next to this one).") var hearth: String?
    @Flag(help: "Print one JSON object per result line.") var json = false

    func run() async throws {
        let root = try SyncBenchmark.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        if matches > 0 {
            progress("writing a log of \(matches) matches from the fixture logs")
            let log = try SyntheticLog(
                matches: matches, players: players, fixtures: URL(fileURLWithPath: fixtures, isDirectory: true))
            let file = root.appendingPathComponent("games.log")
            try Data(log.bytes).write(to: file)
            progress("parsing \(log.lines) lines")
            let parse = ParseRate.measure(log.bytes)
            print(
                json
                    ? Self.line(["parse": parse])
                    : String(
                        format:
                            "log reading: %d lines (%.0f MB, %d matches): parsed %.2f M lines/s; parsed and assembled into matches %.2f M lines/s",
                        parse.lines, parse.megabytes, parse.matches, parse.parseLinesPerSecond / 1e6,
                        parse.parseAndAssembleLinesPerSecond / 1e6))
            progress("a node reads the log and signs every match, then ranks them \(rounds) times")
            let rebuild = try await BoardRebuild.measure(
                log: file, records: log.records, folder: root.appendingPathComponent("ranker"), rounds: rounds)
            print(
                json
                    ? Self.line(["rebuild": rebuild])
                    : String(
                        format:
                            "leaderboards from %d match records (%d players, %.0f MB of files): first read (all loaded and decoded) %.0f ms; rebuilt after a new record p50 %.0f ms, max %.0f ms; ranking alone p50 %.0f ms; the node read and signed the log in %.1f s (%.0f matches/s)",
                        rebuild.matches, rebuild.players, Double(rebuild.databaseBytes) / 1e6,
                        rebuild.firstReadMilliseconds, rebuild.rebuildMilliseconds.p50, rebuild.rebuildMilliseconds.max,
                        rebuild.rankMilliseconds.p50, rebuild.ingestSeconds,
                        Double(rebuild.matches) / rebuild.ingestSeconds))
        }
        if kills > 0 {
            progress("two nodes: a kill in the log until it shows on each")
            let binary = hearth.map { URL(fileURLWithPath: $0) } ?? SyncBenchmark.siblingHearth()
            let cluster = try await Cluster.start(
                size: 2, maxLinks: nil, binary: binary, root: root.appendingPathComponent("cluster"))
            defer { cluster.stop() }
            let live = try await LiveLatency.measure(
                cluster: cluster, folder: root, kills: kills, spacing: .milliseconds(killSpacing))
            print(
                json
                    ? Self.line(["live": live])
                    : String(
                        format:
                            "kill in the log to shown (one every %d ms, %d kills): on the reading node p50 %.2f ms, p99 %.2f ms; on the other node p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                        killSpacing, live.kills, live.readingNode.p50, live.readingNode.p99, live.otherNode.p50,
                        live.otherNode.p99, live.otherNode.max))
        }
    }

    private static func line(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
