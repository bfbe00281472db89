import Foundation

/// The measurements made on one running cluster.
final class ClusterRun: @unchecked Sendable {
    struct Latency: Encodable {
        /// From `chat send` (the API call) to arrival on each other node.
        var perNode: Percentiles
        /// From `chat send` until the message is on every node.
        var allNodes: Percentiles
    }

    struct Throughput: Encodable {
        var messages: Int
        var seconds: Double
        var messagesPerSecond: Double
    }

    struct Idle: Encodable {
        var seconds: Int
        var maxResidentBytes: Int
        var meanResidentBytes: Int
        var maxPrivateBytes: Int
        var maxCPUPercent: Double
    }

    let cluster: Cluster
    let log = DeliveryLog()
    private var watchers: [Task<Void, Never>] = []
    static let channel = "bench"

    init(cluster: Cluster) { self.cluster = cluster }

    var size: Int { cluster.nodes.count }

    /// Subscribes to every node's events and checks, with one message from each node, that the
    /// subscriptions are live and every node reaches every other.
    func prepare() async throws {
        for (index, node) in cluster.nodes.enumerated() {
            let log = log
            watchers.append(Task { try? await EventWatcher.watch(node, index: index, prefix: "b:", into: log) })
        }
        try await cluster.nodes[0].createChannel(Self.channel)
        // Until a watcher's subscription is live its node's warm-up messages go unseen; resend.
        for round in 0..<100 {
            let keys = cluster.nodes.indices.map { "b:warm:\(round):\($0)" }
            for (index, node) in cluster.nodes.enumerated() {
                try await node.post(channel: Self.channel, text: keys[index])
            }
            if await log.waitUntil(keys, reached: size, within: .seconds(2)) { return }
        }
        throw BenchError("the nodes' event streams did not all come up")
    }

    func measureLatency(messages: Int) async throws -> Latency {
        var perNode: [Double] = []
        var allNodes: [Double] = []
        for number in 0..<messages {
            let key = "b:lat:\(number)"
            let sender = number % size
            let sent = ContinuousClock.now
            try await cluster.nodes[sender].post(channel: Self.channel, text: key)
            guard await log.waitUntil([key], reached: size, within: .seconds(30)) else {
                throw BenchError("message \(number) did not reach every node within 30 s")
            }
            let arrivals = await log.arrivals[key] ?? [:]
            for (node, instant) in arrivals where node != sender { perNode.append((instant - sent).milliseconds) }
            allNodes.append((arrivals.values.max()! - sent).milliseconds)
        }
        return Latency(perNode: Percentiles(perNode), allNodes: Percentiles(allNodes))
    }

    /// Every node sends `perNode` messages at once (four requests in flight per node); the time
    /// runs until every message is on every node.
    func measureThroughput(perNode: Int) async throws -> Throughput {
        let keys = cluster.nodes.indices.flatMap { node in (0..<perNode).map { "b:tp:\(node):\($0)" } }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, node) in cluster.nodes.enumerated() {
                for lane in 0..<4 {
                    group.addTask {
                        for number in stride(from: lane, to: perNode, by: 4) {
                            try await node.post(channel: Self.channel, text: "b:tp:\(index):\(number)")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        guard await log.waitUntil(keys, reached: size, within: .seconds(300)) else {
            throw BenchError("the burst did not reach every node within 300 s")
        }
        let seconds = (ContinuousClock.now - started).milliseconds / 1000
        return Throughput(messages: keys.count, seconds: seconds, messagesPerSecond: Double(keys.count) / seconds)
    }

    /// Resident memory and CPU of the nodes while nothing is sent (keepalives and anti-entropy run).
    func measureIdle(seconds: Int) async throws -> Idle {
        try await Task.sleep(for: .seconds(2))  // let the burst's work settle
        let before = cluster.nodes.map { ProcessUsage(pid: $0.pid) }
        try await Task.sleep(for: .seconds(seconds))
        let after = cluster.nodes.map { ProcessUsage(pid: $0.pid) }
        var cpu: [Double] = []
        var resident: [Int] = []
        var unshared: [Int] = []
        for (start, end) in zip(before, after) {
            guard let start, let end else { continue }
            cpu.append((end.cpuSeconds - start.cpuSeconds) / Double(seconds) * 100)
            resident.append(end.residentBytes)
            unshared.append(end.privateBytes)
        }
        return Idle(
            seconds: seconds, maxResidentBytes: resident.max() ?? 0,
            meanResidentBytes: resident.isEmpty ? 0 : resident.reduce(0, +) / resident.count,
            maxPrivateBytes: unshared.max() ?? 0,
            maxCPUPercent: cpu.max() ?? 0)
    }

    func finish() {
        for watcher in watchers { watcher.cancel() }
    }
}
