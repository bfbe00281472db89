import Foundation
import HearthNet

/// N `hearth up` processes on loopback in one network, each told the address of the one before
/// it and finding the rest by peer exchange; each keeps at most `maxLinks` links (as on a LAN,
/// where discovery shows every node, the bounded view decides which it links to).
struct Cluster {
    let nodes: [BenchNode]

    static func start(size: Int, maxLinks: Int?, binary: URL, root: URL) async throws -> Cluster {
        var nodes: [BenchNode] = []
        var invite: [String] = ["--network", "bench", "--passphrase", "bench passphrase"]
        let view = maxLinks.map { ["--max-links", "\($0)"] } ?? []
        do {
            for index in 0..<size {
                let node = BenchNode(name: "node\(index)", root: root)
                nodes.append(node)
                try await node.start(
                    binary: binary, network: invite + view, peers: nodes.dropLast().last.map { [$0.listen] } ?? [])
                if index == 0 { invite = ["--join", try await node.invite()] }
            }
            let cluster = Cluster(nodes: nodes)
            let target = LinkCounts.target(maxLinks: maxLinks ?? MeshSettings().maxLinks)
            try await cluster.waitUntilLinked(each: min(size - 1, target))
            return cluster
        } catch {
            // A cluster that did not come up is stopped, not left running.
            Cluster(nodes: nodes).stop()
            throw error
        }
    }

    /// Polls every node's status until each has at least `links` links.
    func waitUntilLinked(each links: Int, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var connected = true
            for node in nodes where try await node.status().peers < links { connected = false }
            if connected { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the \(nodes.count) nodes did not all reach \(links) links within \(timeout)")
    }

    /// Links per node: fewest and most.
    func degree() async throws -> (min: Int, max: Int) {
        var counts: [Int] = []
        for node in nodes { counts.append(try await node.status().peers) }
        return (counts.min() ?? 0, counts.max() ?? 0)
    }

    func stop() {
        for node in nodes where node.process.isRunning { node.process.interrupt() }
        for node in nodes { node.stop() }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
