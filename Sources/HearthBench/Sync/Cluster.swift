import Foundation

/// N `hearth up` processes on loopback in one network, every node dialling every earlier one
/// (a full mesh, as discovery makes on a LAN).
struct Cluster {
    let nodes: [BenchNode]

    static func start(size: Int, binary: URL, root: URL) async throws -> Cluster {
        var nodes: [BenchNode] = []
        var invite: [String] = ["--network", "bench", "--passphrase", "bench passphrase"]
        for index in 0..<size {
            let node = BenchNode(name: "node\(index)", root: root)
            try await node.start(binary: binary, network: invite, peers: nodes.map(\.listen))
            if index == 0 { invite = ["--join", try await node.invite()] }
            nodes.append(node)
        }
        let cluster = Cluster(nodes: nodes)
        try await cluster.waitUntilFullyConnected()
        return cluster
    }

    /// Polls every node's status until each has a link to every other node.
    func waitUntilFullyConnected(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var connected = true
            for node in nodes where try await node.status().peers < nodes.count - 1 { connected = false }
            if connected { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the \(nodes.count) nodes did not all connect within \(timeout)")
    }

    func stop() {
        for node in nodes { node.process.interrupt() }
        for node in nodes { node.stop() }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
