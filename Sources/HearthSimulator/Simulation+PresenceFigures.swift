import HearthMachines

extension Simulation {
    /// Whether every running node but `node` shows `node` online (or offline).
    public func everyoneShows(_ node: Int, online: Bool) -> Bool {
        nodes.indices.allSatisfy { observer in
            observer == node || !nodes[observer].alive || presenceShows(observer, online: node) == online
        }
    }

    /// Seconds from `since` until each running node first reported `node` offline (infinity for
    /// a node that did not).
    public func detectionTimes(of node: Int, since: Double) -> [Double] {
        var first: [Int: Double] = [:]
        for change in presenceChanges where change.at >= since && change.node == node && !change.isOnline {
            if first[change.observer] == nil { first[change.observer] = change.at - since }
        }
        return nodes.indices.filter { $0 != node && nodes[$0].alive }.map { first[$0] ?? .infinity }
    }

    /// Presence figures (`scripts/bench presence`): detection times after crashes and freezes,
    /// one node at a time, goodbyes, and idle bytes per node.
    public func presenceFigures(rounds: Int, random: inout SplitMix64) -> String {
        var lines: [String] = []
        resetMetrics()
        let idleStart = now
        run(for: 60)
        let rates = presenceBytesPerSecond(over: now - idleStart)
        lines.append(
            "  idle traffic per node: mean \(Int(rates.reduce(0, +) / Double(rates.count))) B/s, most "
                + "\(Int(rates.max() ?? 0)) B/s (frames as sent: fields, envelope, length and tag)")
        for kind in ["kill -9 (no close heard: power cut)", "SIGSTOP (frozen 5 s)", "goodbye"] {
            var times: [Double] = []
            for _ in 0..<rounds {
                let victim = Int(random.next() % UInt64(nodes.count))
                let at = now
                switch kind {
                case "goodbye": leave(victim)
                case "SIGSTOP (frozen 5 s)": stall(victim, for: 5)
                default: crash(victim)
                }
                run(for: 3)
                times += detectionTimes(of: victim, since: at)
                if !nodes[victim].alive { restart(victim) }
                run(upTo: 30) { $0.everyoneShows(victim, online: true) }
                run(for: 2)
            }
            lines.append("  \(kind): offline on every other node — \(Self.distribution(times))")
        }
        return lines.joined(separator: "\n")
    }

    public static func distribution(_ times: [Double]) -> String {
        let sorted = times.sorted()
        guard !sorted.isEmpty else { return "no samples" }
        func at(_ fraction: Double) -> String {
            let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
            return value.isFinite ? String(format: "%.3f s", value) : "never"
        }
        return "p50 \(at(0.5)), p90 \(at(0.9)), p99 \(at(0.99)), max \(at(1)) over \(sorted.count) observations"
    }
}
