import ArgumentParser
import Foundation

/// `hearth-bench chat`: search over large histories (in-process, real database), then direct
/// message latency and delete-to-wiped time between real `hearth up` processes on loopback.
struct ChatBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Search at 100k and 1M messages, DM latency, and delete-to-wiped time.")

    @Option(name: .customLong("search-sizes"), help: "History sizes to search, comma-separated (empty to skip).")
    var searchSizes = "100000,1000000"
    @Option(help: "Queries per query shape.") var queries = 100
    @Option(name: .customLong("dm-sizes"), help: "Cluster sizes for DM latency, comma-separated (empty to skip).")
    var dmSizes = "2,8"
    @Option(name: .customLong("dm-messages"), help: "Direct messages per size.") var dmMessages = 200
    @Option(name: .customLong("wipe-size"), help: "Cluster size for delete-to-wiped (0 to skip).") var wipeSize = 8
    @Option(help: "Deletes to time.") var wipes = 20
    @Option(help: "The hearth binary (default: next to this one).") var hearth: String?
    @Flag(help: "Print one JSON object per result line.") var json = false

    func run() async throws {
        let sizes = searchSizes.split(separator: ",").compactMap { Int($0) }
        if !sizes.isEmpty {
            let root = try SyncBenchmark.scratchFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            var search = SearchBenchmark(folder: root.appendingPathComponent("searcher"))
            search.queriesPerShape = queries
            try await search.run(sizes: sizes) { print(json ? Self.line($0) : Self.text($0)) }
        }
        for size in dmSizes.split(separator: ",").compactMap({ Int($0) }) where size >= 2 {
            try await withCluster(size: size) { run in
                progress("N=\(size): direct messages")
                let latency = try await DirectLatency.measure(run: run, messages: dmMessages)
                print(
                    json
                        ? Self.line(["dmLatency": latency], size: size)
                        : String(
                            format:
                                "direct message, N = %d: send to shown on the member's node p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d messages)",
                            size, latency.p50, latency.p99, latency.max, latency.count))
            }
        }
        if wipeSize >= 2 {
            try await withCluster(size: wipeSize) { run in
                progress("N=\(wipeSize): deletes")
                let wiped = try await WipeTiming.measure(run: run, rounds: wipes)
                print(
                    json
                        ? Self.line(
                            ["deleteToWiped": wiped.allNodes, "deleteToWipedPerNode": wiped.perNode], size: wipeSize)
                        : String(
                            format:
                                "delete to wiped, N = %d: every node's files clean after p50 %.1f ms, p99 %.1f ms, max %.1f ms; each node's p50 %.1f ms (%d deletes)",
                            wipeSize, wiped.allNodes.p50, wiped.allNodes.p99, wiped.allNodes.max, wiped.perNode.p50,
                            wiped.allNodes.count))
            }
        }
    }

    private func withCluster(size: Int, _ body: (ClusterRun) async throws -> Void) async throws {
        let root = try SyncBenchmark.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        progress("N=\(size): starting the nodes")
        let binary = hearth.map { URL(fileURLWithPath: $0) } ?? SyncBenchmark.siblingHearth()
        let cluster = try await Cluster.start(size: size, maxLinks: nil, binary: binary, root: root)
        defer { cluster.stop() }
        let run = ClusterRun(cluster: cluster)
        defer { run.finish() }
        try await run.prepare()
        try await body(run)
    }

    private static func line(_ value: some Encodable, size: Int? = nil) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(value)) ?? Data()
        var text = String(decoding: data, as: UTF8.self)
        if let size { text = "{\"size\":\(size)," + text.dropFirst() }
        return text
    }

    private static func text(_ figures: SearchBenchmark.SizeFigures) -> String {
        var lines = [
            String(
                format: "search, %d messages (%.0f MB of files): all queries p50 %.2f ms, p95 %.2f ms, max %.2f ms",
                figures.messages, Double(figures.databaseBytes) / 1e6, figures.all.p50, figures.all.p95,
                figures.all.max)
        ]
        for query in figures.queries {
            lines.append(
                String(
                    format: "  %@ p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms  %5.1f hits  e.g. %@",
                    query.shape.padding(toLength: 22, withPad: " ", startingAt: 0), query.p50Milliseconds,
                    query.p95Milliseconds, query.maxMilliseconds,
                    query.meanHits, query.example))
        }
        lines.append(
            String(
                format:
                    "  a delete p50 %.1f ms, max %.1f ms; an edit p50 %.1f ms, max %.1f ms (each one commit, fsync included)",
                figures.deleteMilliseconds.p50, figures.deleteMilliseconds.max, figures.editMilliseconds.p50,
                figures.editMilliseconds.max))
        return lines.joined(separator: "\n")
    }
}
