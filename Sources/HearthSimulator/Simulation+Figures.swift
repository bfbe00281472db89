import HearthMachines

/// Figures of one simulated broadcast: how a batch of changes spread.
public struct BroadcastFigures: Sendable, CustomStringConvertible {
    public var nodes: Int
    public var changes: Int
    public var degree: (min: Int, mean: Double, max: Int)
    public var copiesPerChangePerNode: Double
    /// Share of the copies that came by eager push (the rest by anti-entropy).
    public var pushedShare: Double
    public var hops: (mean: Double, max: Int)
    public var deliverySeconds: (mean: Double, max: Double)
    public var messagesPerChange: Double
    public var messages: [String: Int]
    public var converged: Bool

    /// Delivery time in anti-entropy rounds (5 s each): how many rounds the slowest copy needed.
    public var rounds: Double { deliverySeconds.max / SyncSession.interval }

    public var description: String {
        let kinds = messages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return """
            \(nodes) nodes, \(changes) changes, links per node \(degree.min)–\(degree.max) (mean \(String(format: "%.1f", degree.mean)))
              copies received per change per node: \(String(format: "%.2f", copiesPerChangePerNode)) (\(String(format: "%.0f", pushedShare * 100)) % pushed)
              hops: mean \(String(format: "%.2f", hops.mean)), max \(hops.max)
              delivery to the last node: mean \(String(format: "%.3f", deliverySeconds.mean)) s, max \(String(format: "%.3f", deliverySeconds.max)) s (\(String(format: "%.2f", rounds)) sync rounds)
              messages per change: \(String(format: "%.1f", messagesPerChange)) (\(kinds))
              converged: \(converged)
            """
    }
}

extension Simulation {
    /// Links per running node: fewest, mean, most.
    public var degree: (min: Int, mean: Double, max: Int) {
        let counts = (0..<nodeCount).filter(isAlive).map(links)
        guard !counts.isEmpty else { return (0, 0, 0) }
        return (counts.min()!, Double(counts.reduce(0, +)) / Double(counts.count), counts.max()!)
    }

    /// Makes `changes` changes over `seconds` at random running nodes (or, with `everyNode`, one
    /// at each running node in turn), then runs until every running node holds everything (at
    /// most `settle` seconds more), and reports how they spread.
    public func broadcast(changes: Int, over seconds: Double, everyNode: Bool = false, settle: Double = 120)
        -> BroadcastFigures
    {
        metrics.reset()
        let alive = (0..<nodeCount).filter(isAlive)
        let count = everyNode ? alive.count : changes
        for made in 0..<count {
            makeChange(at: everyNode ? alive[made] : alive[Int.random(in: 0..<alive.count, using: &network)])
            run(for: seconds / Double(count))
        }
        let converged = run(upTo: settle) { $0.isConverged && $0.metrics.leastReached >= alive.count - 1 }
        return figures(converged: converged)
    }

    /// Starts counting afresh: the figures then follow only the changes made from now on.
    public func resetMetrics() { metrics.reset() }

    /// The figures of the changes made since the metrics were last reset.
    public func figures(converged: Bool) -> BroadcastFigures {
        let alive = (0..<nodeCount).filter(isAlive)
        return BroadcastFigures(
            nodes: alive.count, changes: metrics.changesMade, degree: degree,
            copiesPerChangePerNode: metrics.copiesPerChangePerNode(nodes: alive.count),
            pushedShare: metrics.copiesReceived == 0
                ? 0 : Double(metrics.pushedCopies) / Double(metrics.copiesReceived),
            hops: metrics.hops, deliverySeconds: metrics.deliveryTime, messagesPerChange: metrics.messagesPerChange,
            messages: metrics.messages, converged: converged)
    }
}
