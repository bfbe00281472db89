import HearthMachines
import HearthSimulator
import Testing

/// Presence across whole simulated networks: detection times, goodbyes, splits, false alarms
/// under loss and stalls, and idle traffic. In `SimulationTests`, so one simulation runs at a time.
extension SimulationTests {
    /// A formed network with presence on, settled.
    static func presenceNetwork(nodes: Int, seed: UInt64, loss: Double = 0) -> Simulation {
        var settings = Self.settings(nodes: nodes, seed: seed)
        settings.presence = true
        settings.loss = loss
        let simulation = Simulation(settings: settings)
        let target = settings.mesh.targetLinks
        let formed = simulation.run(upTo: 120) { $0.degree.min >= min(target, nodes - 1) }
        #expect(formed, "links per node: \(simulation.degree)")
        simulation.run(for: 3)
        return simulation
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    @Test func aCrashedNodeIsOfflineOnEveryNodeWithinASecondAndAHalf() async {
        await Self.offPool {
            var times: [Double] = []
            for seed in UInt64(1)...3 {
                let simulation = Self.presenceNetwork(nodes: 50, seed: seed)
                let victim = Int(seed * 7) % 50
                let at = simulation.now
                simulation.crash(victim)
                simulation.run(for: 3)
                times += simulation.detectionTimes(of: victim, since: at)
            }
            let p50 = Self.percentile(times, 0.5)
            let p99 = Self.percentile(times, 0.99)
            print("crash detection at N = 50 over \(times.count) observers: p50 \(p50) s, p99 \(p99) s")
            #expect(p99 <= 1.5)
            #expect(times.allSatisfy { $0.isFinite }, "every observer saw it")
        }
    }

    @Test func aFrozenNodeIsOfflineEverywhereAndOnlineAgainWhenItThaws() async {
        await Self.offPool {
            let simulation = Self.presenceNetwork(nodes: 50, seed: 9)
            let at = simulation.now
            simulation.stall(17, for: 4)
            simulation.run(for: 1.5)
            #expect(simulation.everyoneShows(17, online: false))
            #expect(simulation.detectionTimes(of: 17, since: at).allSatisfy { $0 <= 1.5 })
            simulation.run(for: 4)
            #expect(simulation.everyoneShows(17, online: true))
            #expect(simulation.everyoneShows(3, online: true), "and the rest stayed online")
        }
    }

    @Test func aGoodbyeIsOfflineEverywhereAtOnce() async {
        await Self.offPool {
            let simulation = Self.presenceNetwork(nodes: 20, seed: 3)
            simulation.leave(5)
            simulation.run(for: 0.1)
            #expect(simulation.everyoneShows(5, online: false))
        }
    }

    @Test func aSplitShowsEachSideTheOtherOfflineAndHealsBackToOnline() async {
        await Self.offPool {
            let simulation = Self.presenceNetwork(nodes: 30, seed: 5)
            let parts = (0..<30).map { $0 % 2 }
            simulation.partition(parts)
            simulation.run(for: 1.5)
            var crossed = true
            for a in 0..<30 {
                for b in 0..<30 where a != b {
                    if simulation.presenceShows(a, online: b) != (parts[a] == parts[b]) { crossed = false }
                }
            }
            #expect(crossed, "each side sees its own side online and the other offline")
            simulation.heal()
            let healed = simulation.run(upTo: 300) { simulation in
                (0..<30).allSatisfy { simulation.everyoneShows($0, online: true) }
            }
            #expect(healed)
        }
    }

    @Test func noFalseOfflineInAnHourWithLossAndStallingObservers() async {
        await Self.offPool {
            let simulation = Self.presenceNetwork(nodes: 20, seed: 11, loss: 0.05)
            let start = simulation.now
            var stalls: [(node: Int, from: Double, to: Double)] = []
            var pick = SplitMix64(seed: 11)
            while simulation.now < start + 3600 {
                let node = Int(pick.next() % 20)
                stalls.append((node, simulation.now, simulation.now + 2))
                simulation.stall(node, for: 2)
                simulation.run(for: 10)
            }
            // An offline report is false unless its node was frozen within the last few seconds.
            let falseReports = simulation.presenceChanges.filter { change in
                change.at > start && !change.isOnline
                    && !stalls.contains { $0.node == change.node && change.at >= $0.from && change.at <= $0.to + 1.5 }
            }
            #expect(falseReports.isEmpty, "\(falseReports.prefix(5))")
            let frozenSeen = simulation.presenceChanges.filter { $0.at > start && !$0.isOnline }.count
            #expect(frozenSeen > 0, "the frozen nodes themselves were seen offline")
            #expect(stalls.count >= 350)
        }
    }

    @Test func idlePresenceTrafficStaysUnderAKilobytePerSecondPerNode() async {
        await Self.offPool {
            for nodes in [8, 50] {
                let simulation = Self.presenceNetwork(nodes: nodes, seed: 2)
                simulation.run(for: 30)
                simulation.resetMetrics()
                simulation.run(for: 60)
                let rates = simulation.presenceBytesPerSecond(over: 60)
                let mean = rates.reduce(0, +) / Double(rates.count)
                print("idle presence at N = \(nodes): mean \(Int(mean)) B/s, most \(Int(rates.max()!)) B/s per node")
                #expect(rates.max()! <= 1024)
            }
        }
    }
}
