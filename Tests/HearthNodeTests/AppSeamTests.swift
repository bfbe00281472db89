import Foundation
import HearthCrypto
import HearthNet
import HearthStore
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthNode

/// The app seam: an app defined only in this test target syncs, ops of kinds a node does not
/// know are kept and applied once it does, and payloads can be redacted without breaking changes.
@Suite struct AppSeamTests {
    let alice = RemoteAuthor()

    @Test func aTestOnlyAppSyncsBetweenThreeNodes() async throws {
        let first = try TestNode(apps: [TallyApp()], listen: PeerAddress(host: "127.0.0.1", port: 0), name: "one")
        let firstEvents = await first.node.events()
        try await first.node.start()
        let port = try #require(await first.node.mesh.listeningPort)
        let address = PeerAddress(host: "127.0.0.1", port: port)
        let others = try (0..<2).map { index in
            try TestNode(
                apps: [TallyApp()], listen: PeerAddress(host: "127.0.0.1", port: 0), peers: [address], name: "n\(index)"
            )
        }
        var streams = [firstEvents]
        for other in others {
            streams.append(await other.node.events())
            try await other.node.start()
        }
        let nodes = [first] + others
        for (index, test) in nodes.enumerated() {
            _ = try await test.node.commit([TallyApp.add(Int64(index + 1), to: "frags")])
        }
        for stream in streams {
            _ = try await stream.first { event in event.value(as: TallyApp.Changed.self)?.total == 6 }
        }
        for test in nodes {
            #expect(try test.node.read { try TallyApp.total(TallyApp.counter("frags"), in: $0) } == 6)
            await test.node.stop()
        }
    }

    @Test func opsOfAnUnknownKindAreKeptAndAppliedOnceAnAppKnowsThem() async throws {
        let folder = try TemporaryFolder("hearth-replay")
        let changes = try (1...3).map { seq in
            try alice.change(UInt64(seq), [TallyApp.add(Int64(seq) * 10, to: "score"), TallyApp.add(1, to: "games")])
        }
        do {
            let unaware = try TestNode(reopening: folder, apps: [])
            let received = await unaware.node.receive(changes, from: alice.id)
            #expect(received.fresh.count == 3, "stored although no app knows the kind")
            #expect(await unaware.node.versionVector()[alice.id] == 3)
            let relayed = await unaware.node.storedChanges(author: alice.id, in: 1...3, limit: 10)
            #expect(relayed.map(\.signed.body) == changes.map(\.body), "kept byte for byte, so it is relayed")
            #expect(try unaware.node.read { try $0.deferredOpCount() } == 6)
        }
        let upgraded = try TestNode(reopening: folder, apps: [TallyApp()])
        let totals = try upgraded.node.read { store in
            (
                try TallyApp.total(TallyApp.counter("score"), in: store),
                try TallyApp.total(TallyApp.counter("games"), in: store)
            )
        }
        #expect(totals.0 == 60)
        #expect(totals.1 == 3)
        #expect(try upgraded.node.read { try $0.deferredOpCount() } == 0)
        #expect(upgraded.lines.contains("applied stored ops of newly known kinds"))
    }

    @Test func anOpItsAppKeepsForALaterVersionIsAppliedOnceThatVersionRuns() async throws {
        let folder = try TemporaryFolder("hearth-later-version")
        let changes = [
            try alice.change(1, [TallyApp.add(5, to: "score")]),
            try alice.change(2, [TallyApp.bonus(100, to: "score"), TallyApp.add(1, to: "score")]),
        ]
        let earlier = TallyApp(knowsBonus: false)
        do {
            let test = try TestNode(reopening: folder, apps: [earlier])
            #expect(await test.node.receive(changes, from: alice.id).fresh.count == 2)
            #expect(try test.node.read { try TallyApp.total(TallyApp.counter("score"), in: $0) } == 6)
            #expect(try test.node.read { try $0.deferredOpCount() } == 1)
            #expect(test.lines.contains("kept an op for a later version"))
            #expect(!test.lines.contains("rejected"))
        }
        do {
            // Still the earlier version: offered once at start, kept again, nothing lost.
            let restarted = try TestNode(reopening: folder, apps: [earlier])
            #expect(try restarted.node.read { try $0.deferredOpCount() } == 1)
            #expect(try restarted.node.read { try TallyApp.total(TallyApp.counter("score"), in: $0) } == 6)
        }
        let upgraded = try TestNode(reopening: folder, apps: [TallyApp()])
        #expect(try upgraded.node.read { try TallyApp.total(TallyApp.counter("score"), in: $0) } == 106)
        #expect(try upgraded.node.read { try $0.deferredOpCount() } == 0)
    }

    @Test func aRedactedPayloadIsDroppedAndItsChangeStillVerifiesAndSyncs() async throws {
        let author = try TestNode(apps: [TallyApp()])
        let added = try await author.node.commit([TallyApp.add(5, to: "frags", note: "a lucky rocket")])
        let note = OpKey(author: added.author.bytes, seq: added.seq, index: 0)
        let beforeRedaction = await author.node.storedChanges(author: added.author, in: 1...1, limit: 1)
        #expect(beforeRedaction.first?.signed.payloads.map(\.data) == [Data("a lucky rocket".utf8)])

        _ = try await author.node.commit([TallyApp.retract(note, on: "frags")])
        #expect(try author.node.read { try $0.payload(note) } == nil)
        let sent = await author.node.storedChanges(author: added.author, in: 1...2, limit: 10)
        #expect(sent.first?.signed.payloads.isEmpty == true, "a redacted payload is never sent again")

        let replica = try TestNode(apps: [TallyApp()])
        let received = await replica.node.receive(sent.map(\.signed), from: added.author)
        #expect(received.fresh.count == 2, "the change verifies without its payload")
        let stored = try replica.node.read { store in
            try store.row("SELECT note FROM tally_note WHERE seq = 1", [])
        }
        #expect(stored?.isNull("note") == true)
        #expect(try replica.node.read { try TallyApp.total(TallyApp.counter("frags"), in: $0) } == 5)
    }

    @Test func aPayloadThatDoesNotMatchItsHashIsDroppedAndLogged() async throws {
        let test = try TestNode(apps: [TallyApp()])
        var change = try alice.change(1, [TallyApp.add(1, to: "frags", note: "honest")])
        change.payloads[0].data = Data("tampered by a relay".utf8)
        let received = await test.node.receive([change], from: alice.id)
        #expect(received.fresh.count == 1, "the signed change itself is intact")
        #expect(test.lines.contains("dropped payloads that do not match"))
        let key = OpKey(author: alice.id.bytes, seq: 1, index: 0)
        #expect(try test.node.read { try $0.payload(key) } == nil)
    }

    @Test func anOpThatBreaksACoreRuleRejectsItsChange() async throws {
        let test = try TestNode(apps: [TallyApp()])
        var badObject = TallyApp.add(1, to: "frags")
        badObject.object = try ObjectID(bytes: [UInt8](repeating: 1, count: 16))
        let fine = try alice.change(1, [badObject])
        var shortObject = try alice.change(2, [TallyApp.add(1, to: "frags")])
        var body = try WireChangeBody.decode([UInt8](shortObject.body))
        body.ops[0].object = Data([1, 2, 3])
        shortObject.body = try body.serializedBytes()
        let badKind = try alice.change(
            1, [NewOp(object: TallyApp.counter("x"), kind: "Not A Kind", body: [])], signer: alice.identity)
        _ = await test.node.receive([fine], from: alice.id)
        let held = await test.node.receive([shortObject, badKind], from: alice.id)
        #expect(held.fresh.isEmpty)
        #expect(test.lines.count(containing: "rejected a change") == 2)
    }

    @Test func twoAppsCannotClaimOneKind() throws {
        #expect(throws: NodeError.self) { try AppRegistry([TallyApp(), TallyApp()]) }
    }
}
