import Foundation
import Testing

/// Presence between five real `hearth up` processes on loopback: typing seen elsewhere, statuses
/// set from the CLI, and a node killed with `kill -9`, frozen with SIGSTOP, or stopped cleanly
/// shows offline on the others.
@Suite struct PresenceProcessTests {
    @Test func statusesAndCrashesShowOnTheOtherNodes() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let nodes = ["alice", "bob", "carol", "dave", "erin"].map { cluster.node($0) }
        try await nodes[0].start()
        for (index, node) in nodes.enumerated().dropFirst() { try await node.start(peers: [nodes[index - 1]]) }
        let (alice, bob, carol, dave) = (nodes[0], nodes[1], nodes[2], nodes[3])
        for other in nodes.dropFirst() {
            #expect(try await eventually { alice.presence(of: other.name)?.status == "online" }, "\(other.name)")
        }

        // Typing: seen on another node at once, and gone when the message is sent.
        let watch = try alice.follow("watch", "--json")
        defer { watch.stop() }
        // The stream is live once a change made after it started shows in it.
        var round = 0
        #expect(
            try await eventually {
                round += 1
                _ = try? bob.cli("status", "set", "online", "--text", "round \(round)")
                return watch.lines.objects.contains { $0["type"] as? String == "presence.changed" }
            })
        _ = try dave.cli("chat", "create", "general")
        _ = try dave.cli("typing", "general")
        func typing(_ type: String) -> Bool {
            watch.lines.objects.contains {
                $0["type"] as? String == type && ($0["typing"] as? [String: Any])?["name"] as? String == "dave"
            }
        }
        #expect(try await eventually { typing("typing.started") })
        _ = try dave.cli("chat", "send", "general", "rematch?")
        #expect(try await eventually { typing("typing.stopped") })

        let answer = try bob.cli("status", "set", "away", "--text", "pizza run, back in 20")
        #expect(answer.contains("away"))
        #expect(
            try await eventually { dave.presence(of: "bob").map { $0 == ("away", "pizza run, back in 20") } == true })
        _ = try bob.cli("status", "clear")
        #expect(try await eventually { dave.presence(of: "bob").map { $0 == ("online", "") } == true })
        #expect(throws: TestFailure.self) { try bob.cli("status", "set", "sleeping") }

        // Frozen: offline everywhere, and back when it thaws.
        let carolPID = try #require(carol.pid)
        kill(carolPID, SIGSTOP)
        defer { kill(carolPID, SIGCONT) }  // a stopped process would not end on SIGTERM
        #expect(try await eventually { alice.presence(of: "carol")?.status == "offline" })
        kill(carolPID, SIGCONT)
        #expect(try await eventually { alice.presence(of: "carol")?.status == "online" })

        // Killed: no goodbye, offline from silence.
        dave.stop(kill: true)
        #expect(try await eventually { alice.presence(of: "dave")?.status == "offline" })
        #expect(try await eventually { bob.presence(of: "dave")?.status == "offline" })

        // A clean stop says goodbye.
        bob.stop()
        #expect(try await eventually { alice.presence(of: "bob")?.status == "offline" })
        #expect(alice.presence(of: "alice")?.status == "online", "a node shows itself")
    }
}
