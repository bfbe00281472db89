import Foundation

/// Direct messages between real processes: from the sender's API call until the member's node
/// shows the decrypted message on its event stream, one message at a time, each to a member picked
/// round the cluster (at N > 2 the others relay the sealed op without reading it).
enum DirectLatency {
    static func measure(run: ClusterRun, messages: Int) async throws -> Percentiles {
        let nodes = run.cluster.nodes
        var samples: [Double] = []
        for number in 0..<messages {
            let sender = number % nodes.count
            let member = (sender + 1 + (number / nodes.count) % (nodes.count - 1)) % nodes.count
            let key = "b:dm:\(number)"
            let sent = ContinuousClock.now
            try await nodes[sender].sendDirect(to: [nodes[member].name], text: key)
            // The sender's own node and the member's: the only two that can read it.
            guard await run.log.waitUntil([key], reached: 2, within: .seconds(30)),
                let arrived = await run.log.arrivals[key]?[member]
            else {
                throw BenchError("direct message \(number) did not reach its member within 30 s")
            }
            samples.append((arrived - sent).milliseconds)
        }
        return Percentiles(samples)
    }
}
