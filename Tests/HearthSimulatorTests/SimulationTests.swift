import Foundation
import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthSimulator
import Testing

/// Whole networks of mesh machines on a virtual clock (`Sources/HearthSimulator`). One at a time,
/// each on a thread of its own: a simulation computes for seconds, and on the cooperative pool it
/// would starve the other suites' tasks (two cores here).
@Suite(.serialized) struct SimulationTests {
    /// Runs `body` on a thread of its own at the lowest priority, off the cooperative pool: other
    /// suites' tests wait on real time (links, HTTP answers) and must not starve behind it.
    static func offPool(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)  // on Linux, 0 is the calling thread
                body()
                done.resume()
            }
            thread.start()
        }
    }

    static func settings(nodes: Int, seed: UInt64, maxLinks: Int = 12) -> Simulation.Settings {
        var settings = Simulation.Settings()
        settings.nodes = nodes
        settings.seed = seed
        settings.mesh = MeshSettings(maxLinks: maxLinks)
        return settings
    }

    /// A network of `nodes` that has formed: every node has at least its target of links.
    static func formed(nodes: Int, seed: UInt64, maxLinks: Int = 12) -> Simulation {
        let simulation = Simulation(settings: settings(nodes: nodes, seed: seed, maxLinks: maxLinks))
        let target = MeshSettings(maxLinks: maxLinks).targetLinks
        let formed = simulation.run(upTo: 120) { $0.degree.min >= min(target, nodes - 1) }
        #expect(formed, "links per node: \(simulation.degree)")
        return simulation
    }

    @Test func aSmallNetworkIsAFullMeshAndConverges() async {
        await Self.offPool {
            let simulation = Self.formed(nodes: 10, seed: 7)
            #expect(simulation.degree.min == 9 && simulation.degree.max == 9)
            let figures = simulation.broadcast(changes: 50, over: 5)
            #expect(figures.converged)
            #expect(simulation.metrics.warnings.isEmpty, "\(simulation.metrics.warnings.prefix(5))")
        }
    }

    @Test func theSameSeedGivesTheSameRun() async {
        await Self.offPool {
            func run() -> [Int] {
                let simulation = Self.formed(nodes: 80, seed: 42)
                _ = simulation.broadcast(changes: 40, over: 4)
                return (0..<80).flatMap { simulation.linkedPeers(of: $0) }
                    + [simulation.metrics.copiesReceived, simulation.metrics.messages.values.reduce(0, +)]
            }
            let first = run()
            #expect(first == run())
            #expect(
                first
                    != { () -> [Int] in
                        let other = Self.formed(nodes: 80, seed: 43)
                        _ = other.broadcast(changes: 40, over: 4)
                        return (0..<80).flatMap { other.linkedPeers(of: $0) }
                            + [other.metrics.copiesReceived, other.metrics.messages.values.reduce(0, +)]
                    }())
        }
    }

    /// 500 nodes, each with at most 12 links: once every author's push tree is pruned, a change
    /// reaches every node about once.
    @Test func fiveHundredNodesWithABoundedViewGetEveryChangeAboutOnce() async {
        await Self.offPool {
            let simulation = Self.formed(nodes: 500, seed: 1)
            let degree = simulation.degree
            #expect(degree.max <= 12 && degree.min >= 10)
            // Forty authors, whose first changes flood while their trees form.
            let authors = Array(0..<40)
            for author in authors { simulation.makeChange(at: author) }
            simulation.run(for: 10)
            simulation.resetMetrics()
            for round in 0..<5 {
                for author in authors { simulation.makeChange(at: author) }
                simulation.run(for: 2 + Double(round % 2))
            }
            #expect(simulation.run(upTo: 60) { $0.isConverged })
            let steady = simulation.figures(converged: simulation.isConverged)
            print("500 nodes, steady state:\n\(steady)")
            #expect(steady.converged)
            #expect(simulation.metrics.leastReached == 499, "every change reached every other node")
            #expect(steady.copiesPerChangePerNode < 1.3)
            #expect(steady.hops.max <= 12)
        }
    }

    @Test func fiveHundredNodesConvergeAfterRandomPartitionsAndHeals() async {
        await Self.offPool {
            let simulation = Self.formed(nodes: 500, seed: 2)
            var network = SplitMix64(seed: 99)
            simulation.resetMetrics()
            for round in 0..<3 {
                simulation.partitionRandomly(into: 2 + round % 2)
                for _ in 0..<100 { simulation.makeChange(at: Int.random(in: 0..<500, using: &network)) }
                simulation.run(for: 30)
                #expect(!simulation.isConverged, "changes made apart are not yet everywhere")
                simulation.heal()
                #expect(
                    simulation.run(upTo: 120) { $0.isConverged },
                    "round \(round): \(simulation.laggingNodes.count) nodes lag")
            }
            #expect(simulation.metrics.changesMade == 300)
            #expect(simulation.metrics.leastReached == 499, "nothing was lost")
            #expect(simulation.degree.max <= 12)
        }
    }

    @Test func whenThirtyPercentCrashAtOnceTheRestStillGetEverything() async {
        await Self.offPool {
            let simulation = Self.formed(nodes: 500, seed: 3)
            var network = SplitMix64(seed: 5)
            let crashed = Array((0..<500).shuffled(using: &network).prefix(150))
            for number in crashed { simulation.crash(number) }
            let figures = simulation.broadcast(changes: 200, over: 20, settle: 120)
            print("500 nodes, 150 crashed at once:\n\(figures)")
            #expect(figures.converged)
            #expect(simulation.metrics.leastReached == 349)
            for number in crashed { simulation.restart(number) }
            #expect(simulation.run(upTo: 120) { $0.isConverged }, "the crashed nodes catch up after a restart")
            #expect(simulation.degree.max <= 12)
        }
    }
}
