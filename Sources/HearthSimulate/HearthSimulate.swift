import ArgumentParser
import Foundation
import HearthMachines
import HearthSimulator

/// `hearth-sim`: runs the deterministic network simulator and prints its figures
/// (`scripts/bench sim`).
@main
struct HearthSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hearth-sim", abstract: "Simulate a Hearth network on a virtual clock and print its figures.")

    @Option(help: "Nodes in the network.") var nodes = 500
    @Option(help: "The seed; the same seed gives the same run.") var seed: UInt64 = 1
    @Option(name: .customLong("max-links"), help: "The most links per node (it dials up to this minus 2).")
    var maxLinks = 12
    @Option(help: "Changes made in each measured broadcast.") var changes = 500
    @Option(help: "Chance that a packet is lost and sent again (0–1).") var loss = 0.0
    @Flag(help: "Measure presence instead: detection times and idle traffic.") var presence = false
    @Option(help: "With --presence: crashes, freezes and goodbyes measured, of each.") var rounds = 10

    func run() {
        var settings = Simulation.Settings()
        settings.nodes = nodes
        settings.seed = seed
        settings.loss = loss
        settings.mesh = MeshSettings(maxLinks: maxLinks)
        settings.presence = presence
        let started = Date()
        var random = SplitMix64(seed: seed ^ 0x5eed)
        let simulation = Simulation(settings: settings)
        let formed = simulation.run(upTo: 120) { $0.degree.min >= min(settings.mesh.targetLinks, nodes - 1) }
        print(
            "network: \(nodes) nodes, max links \(maxLinks), seed \(seed), loss \(loss): "
                + (formed ? "every node had its target links" : "not every node reached its target")
                + " at \(String(format: "%.1f", simulation.now)) s")
        simulation.run(for: 30)
        if presence {
            print("\n# presence (one node at a time; the rest watch)")
            print(simulation.presenceFigures(rounds: rounds, random: &random))
            var swim = SWIMComparison.Settings()
            swim.nodes = nodes
            swim.seed = seed
            let times = SWIMComparison.detectionTimes(swim, rounds: rounds)
            print(
                "  memberlist-like SWIM (1 s probe, 500 ms timeout, suspicion 4 × log10 N s, Lifeguard): "
                    + "kill -9 dead on every other node — \(Simulation.distribution(times))")
            print("run took \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            return
        }
        print("\n# the first change of every node (each author's push tree starts eager: a flood)")
        print(simulation.broadcast(changes: nodes, over: 100, everyNode: true))
        print("\n# then \(changes) changes by random nodes over 50 s (the trees are pruned)")
        print(simulation.broadcast(changes: changes, over: 50))
        print("\n# partitions: three random splits into 2–3 parts, changes on every side, each healed")
        for round in 1...3 {
            simulation.partitionRandomly(into: 2 + round % 2)
            for _ in 0..<(changes / 5) { simulation.makeChange(at: Int.random(in: 0..<nodes, using: &random)) }
            simulation.run(for: 40)
            simulation.heal()
            let healedAt = simulation.now
            let converged = simulation.run(upTo: 600) { $0.isConverged }
            print(
                "  split \(round): converged \(converged) \(String(format: "%.1f", simulation.now - healedAt)) s after the heal"
            )
        }
        print("\n# 30 % of the nodes crash at once")
        let victims = Array((0..<nodes).shuffled(using: &random).prefix(nodes * 3 / 10))
        for victim in victims { simulation.crash(victim) }
        print(simulation.broadcast(changes: changes, over: 50, settle: 300))
        print("\n# they restart")
        for victim in victims { simulation.restart(victim) }
        let restartedAt = simulation.now
        let caughtUp = simulation.run(upTo: 600) { $0.isConverged }
        print("  every node caught up: \(caughtUp), \(String(format: "%.1f", simulation.now - restartedAt)) s")
        print(
            "\nsimulated \(String(format: "%.0f", simulation.now)) s in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        )
    }
}
