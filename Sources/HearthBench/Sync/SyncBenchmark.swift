import ArgumentParser
import Foundation

/// `hearth-bench sync`: latency, throughput, handshake time, catch-up and idle cost of real
/// `hearth up` processes on loopback.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Benchmark sync between node processes on loopback.")

    @Option(help: "Cluster sizes, comma-separated.") var sizes = "2,4,8,16"
    @Option(help: "Messages sent one at a time per size, for latency.") var messages = 200
    @Option(help: "Messages each node sends at once, for throughput.") var burst = 250
    @Option(name: .customLong("catch-up"), help: "Messages a returning node has missed (0 to skip).")
    var catchUp = 100_000
    @Option(name: .customLong("idle-seconds"), help: "How long to watch idle nodes.") var idleSeconds = 10
    @Option(help: "Link set-ups to time.") var handshakes = 200
    @Option(
        name: .customLong("max-links"),
        help: "The most links per node, comma-separated to compare (e.g. 12,6); default: each node's default.")
    var maxLinks: String?
    @Option(help: "The hearth binary (default: next to this one).") var hearth: String?
    @Option(
        name: .customLong("anchor-results"),
        help: "A central server's figures measured in this run (JSON lines), to print the ratios against.")
    var anchorResults: String?
    @Flag(help: "Print one JSON object per result line.") var json = false

    func run() async throws {
        let binary = hearth.map { URL(fileURLWithPath: $0) } ?? Self.siblingHearth()
        let anchors = try anchorResults.map(Anchor.load) ?? [:]
        let report = Report(json: json)
        let handshake = Percentiles(try await HandshakeTiming.measure(rounds: handshakes))
        report.handshake(handshake)
        let views: [Int?] = maxLinks.map { $0.split(separator: ",").compactMap { Int($0) } } ?? [nil]
        for size in sizes.split(separator: ",").compactMap({ Int($0) }) {
            for view in views {
                try await measure(size: size, maxLinks: view, binary: binary, anchor: anchors[size], report: report)
            }
        }
        if catchUp > 0 {
            progress("catch-up: writing \(catchUp) messages into the holder's log")
            let root = try Self.scratchFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            report.catchUp(try await CatchUp.measure(messages: catchUp, binary: binary, root: root))
        }
    }

    private func measure(size: Int, maxLinks: Int?, binary: URL, anchor: Anchor?, report: Report) async throws {
        do {
            let root = try Self.scratchFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            progress("N=\(size): starting the nodes")
            let cluster = try await Cluster.start(size: size, maxLinks: maxLinks, binary: binary, root: root)
            defer { cluster.stop() }
            let run = ClusterRun(cluster: cluster)
            progress("N=\(size): subscribing to events")
            try await run.prepare()
            progress("N=\(size): latency")
            let latency = try await run.measureLatency(messages: messages)
            progress("N=\(size): throughput")
            let throughput = try await run.measureThroughput(perNode: burst)
            progress("N=\(size): idle")
            let idle = try await run.measureIdle(seconds: idleSeconds)
            let degree = try await cluster.degree()
            report.cluster(
                size: size, maxLinks: maxLinks ?? 12, degree: degree, latency: latency, throughput: throughput,
                idle: idle)
            if let anchor { report.anchor(AnchorRatio(anchor: anchor, latency: latency, throughput: throughput)) }
            run.finish()
        }
    }

    static func siblingHearth() -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hearth")
    }

    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
