import Foundation
import HearthDashboardModels
import HearthNet
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthDashboard
@testable import HearthNode
@testable import HearthStats

/// The dashboard between two real nodes on loopback: each node's health reaches the other, and
/// what it counts is what the nodes hold.
@Suite struct DashboardTests {
    @Test func eachNodesHealthReachesTheOtherAndTheCountsAreWhatTheNodesHold() async throws {
        let apps: @Sendable () -> [any HearthApp] = { [ChatApp(), StatsApp(), DashboardApp()] }
        let alice = try TestNode(apps: apps(), listen: PeerAddress(host: "127.0.0.1", port: 0), name: "alice")
        let events = await alice.node.events()
        try await alice.node.start()
        let port = try #require(await alice.node.mesh.listeningPort)
        let bob = try TestNode(
            apps: apps(), listen: PeerAddress(host: "127.0.0.1", port: 0),
            peers: [PeerAddress(host: "127.0.0.1", port: port)], name: "bob")
        try await bob.node.start()
        let bobID = bob.node.identity.id.description
        let seen = try await events.first { event in
            event.value(as: Dashboard.self)?.nodes.contains { $0.id == bobID && $0.peers == 1 } == true
        }.value(as: Dashboard.self)
        let dashboard = try #require(seen)
        #expect(dashboard.members == 2 && dashboard.membersOnline == 2)
        let own = try #require(dashboard.nodes.first { $0.isSelf })
        #expect(own.version == HearthVersion.current && (own.memoryBytes ?? 0) > 0 && own.databaseMs != nil)
        #expect(
            dashboard.nodes.first { $0.id == bobID }?.version == HearthVersion.current,
            "bob reports when his links change")

        _ = try await alice.node.chat.createChannel("general", topic: nil)
        for text in ["gg", "rematch?", "dm6"] {
            _ = try await alice.node.chat.post(channel: "general", text: text, replyTo: nil)
        }
        _ = try await alice.node.stats.ingest(StatsAppTests.log("ffa-fraglimit").path, server: "127.0.0.1:27960")
        let app = try #require(alice.node.configuration.apps.apps.compactMap { $0 as? DashboardApp }.first)
        let now = await app.runtime.dashboard(on: alice.node)
        #expect(now.messagesPerMinute == 0.3, "three messages in the last ten minutes")
        #expect(now.activity.contains { $0.kind == "channel" && $0.text == "#general created" })
        #expect(now.activity.contains { $0.kind == "match" }, "the matches read from the log")
        #expect(now.activity.contains { $0.kind == "join" && $0.text == "linked to bob" })
        await bob.node.stop()
        await alice.node.stop()
    }
}
