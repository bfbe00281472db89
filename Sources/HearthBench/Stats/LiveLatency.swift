import Foundation
import HearthClient
import HummingbirdWSClient
import Logging

/// A kill written to a game server's log, until it shows in the live scoreboard on the event
/// stream of the node reading the log and of another node: two `hearth up` processes on
/// loopback; the first follows a log file that the benchmark writes like a game server does
/// (appending a line at a time), one kill every `spacing`.
enum LiveLatency {
    struct Figures: Encodable {
        var kills: Int
        var spacingMilliseconds: Double
        /// To the live scoreboard on the reading node's own event stream.
        var readingNode: Percentiles
        /// To the other node's event stream (over the presence plane).
        var otherNode: Percentiles
    }

    static func measure(cluster: Cluster, folder: URL, kills: Int, spacing: Duration) async throws -> Figures {
        let log = DeliveryLog()
        let watchers = cluster.nodes.enumerated().map { index, node in
            Task { try? await watch(node, index: index, into: log) }
        }
        defer { for watcher in watchers { watcher.cancel() } }
        // The streams are live once each has sent its hello.
        guard await log.waitUntil(["hello"], reached: cluster.nodes.count, within: .seconds(30)) else {
            throw BenchError("the nodes' event streams did not come up within 30 s")
        }
        let file = folder.appendingPathComponent("games.log")
        try Data().write(to: file)
        let writer = try FileHandle(forWritingTo: file)
        defer { try? writer.close() }
        struct Watch: Encodable {
            var path: String
            var server: String
        }
        _ = try await cluster.nodes[0].client.request(
            "POST", "v1/stats/watches", body: Watch(path: file.path, server: "bench.lan:27960"))
        func write(_ line: String) throws { try writer.write(contentsOf: Data((line + "\n").utf8)) }
        let names = ["Alpha", "Bravo"]
        try write(SyntheticLog.initGame(number: 0))
        for line in SyntheticLog.joining(0, names[0]) + SyntheticLog.joining(1, names[1]) { try write(line) }
        // The match shows before any kill.
        guard await log.waitUntil(["kill:0"], reached: 2, within: .seconds(30)) else {
            throw BenchError("the live match did not show on both nodes within 30 s")
        }
        var reading: [Double] = []
        var other: [Double] = []
        for number in 1...kills {
            try await Task.sleep(for: spacing)
            let (killer, victim) = number % 2 == 0 ? (0, 1) : (1, 0)
            let written = ContinuousClock.now
            try write(SyntheticLog.kill(second: number, killer: killer, victim: victim, names: names))
            let key = "kill:\(number)"
            guard await log.waitUntil([key], reached: 2, within: .seconds(30)) else {
                throw BenchError("kill \(number) did not show on both nodes within 30 s")
            }
            let arrivals = await log.arrivals[key] ?? [:]
            if let local = arrivals[0] { reading.append((local - written).milliseconds) }
            if let remote = arrivals[1] { other.append((remote - written).milliseconds) }
        }
        return Figures(
            kills: kills, spacingMilliseconds: spacing.milliseconds, readingNode: Percentiles(reading),
            otherNode: Percentiles(other))
    }

    /// Records, per node, when each kill number first shows in a `stats.live` event (`kill:0`: the
    /// match, before any kill).
    private static func watch(_ node: BenchNode, index: Int, into log: DeliveryLog) async throws {
        struct Event: Decodable {
            struct Live: Decodable {
                struct Kill: Decodable { var number: Int }
                var recent: [Kill]
            }
            var live: Live?
        }
        let url = node.client.baseURL.absoluteString.replacingOccurrences(of: "http://", with: "ws://") + "/v1/events"
        var logger = Logger(label: "bench.events")
        logger.logLevel = .error
        let authorised = WebSocketClientConfiguration(additionalHeaders: [.authorization: "Bearer \(node.client.token)"]
        )
        try await WebSocketClient.connect(url: url, configuration: authorised, logger: logger) { inbound, _, _ in
            for try await frame in inbound.messages(maxSize: 1 << 22) {
                let now = ContinuousClock.now
                await log.record("hello", node: index, at: now)
                guard case .text(let text) = frame, text.contains(#""type":"stats.live""#),
                    let live = try? JSONDecoder().decode(Event.self, from: Data(text.utf8)).live
                else { continue }
                await log.record("kill:0", node: index, at: now)
                for kill in live.recent { await log.record("kill:\(kill.number)", node: index, at: now) }
            }
        }
    }
}
