import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// Changes arriving from peers: verified, deduplicated, applied in causal order, and rejected
/// with a logged reason when forged or conflicting.
@Suite struct IngestTests {
    let alice = RemoteAuthor()
    let bob = RemoteAuthor()

    @Test func changesArrivingOutOfOrderWaitForTheirPredecessors() async throws {
        let test = try TestNode()
        let node = test.node
        let changes = [
            try alice.change(1, [.create("general")]),
            try alice.change(2, [.post("general", "one")]),
            try alice.change(3, [.post("general", "two")]),
        ]
        _ = await node.receive([changes[2]], from: alice.id)
        _ = await node.receive([changes[1]], from: alice.id)
        #expect(try node.chat.channels().isEmpty)
        #expect(try await node.status().pendingChanges == 2)
        _ = await node.receive([changes[0]], from: alice.id)
        #expect(try await test.texts(in: "general") == ["one", "two"])
        #expect(try await node.status().pendingChanges == 0)
        #expect(await node.versionVector()[alice.id] == 3)
    }

    @Test func aChangeWaitsForAnotherAuthorsChangeItDependsOn() async throws {
        let test = try TestNode()
        let create = try alice.change(1, [.create("general")])
        let reply = try bob.change(1, [.post("general", "first!")], deps: [alice.key(1)])
        _ = await test.node.receive([reply], from: bob.id)
        #expect(try test.node.chat.channels().isEmpty)
        _ = await test.node.receive([create], from: alice.id)
        #expect(try await test.texts(in: "general") == ["first!"])
    }

    @Test func receivingTheSameChangesAgainChangesNothing() async throws {
        let test = try TestNode()
        let batch = [try alice.change(1, [.create("general")]), try alice.change(2, [.post("general", "gg")])]
        let first = await test.node.receive(batch, from: alice.id)
        let again = await test.node.receive(batch, from: bob.id)
        #expect(first == ReceivedChanges(fresh: [alice.key(1), alice.key(2)], duplicates: []))
        #expect(again == ReceivedChanges(fresh: [], duplicates: [alice.key(1), alice.key(2)]))
        #expect(try await test.texts(in: "general") == ["gg"])
        #expect(try await test.node.status().opsStored == 2)
    }

    @Test func aChangeWithABadSignatureIsRejectedAndLogged() async throws {
        let test = try TestNode()
        let forger = NodeIdentity.generate()
        let forged = try alice.change(1, [.create("general")], signer: forger)
        var tampered = try alice.change(1, [.create("general")])
        tampered.body[tampered.body.count - 1] ^= 0x01
        let held = await test.node.receive([forged, tampered], from: bob.id)
        #expect(held == ReceivedChanges(fresh: [], duplicates: []))
        #expect(try test.node.chat.channels().isEmpty)
        #expect(test.lines.count(containing: "rejected a change with a bad signature") == 2)
        #expect(try await test.node.status().opsStored == 0)
    }

    @Test func aSecondChangeWithTheSameSequenceNumberIsRejected() async throws {
        let test = try TestNode()
        _ = await test.node.receive(
            [try alice.change(1, [.create("general")]), try alice.change(2, [.post("general", "original")])],
            from: alice.id)
        let equivocation = try alice.change(2, [.post("general", "rewritten history")])
        let held = await test.node.receive([equivocation], from: bob.id)
        #expect(held == ReceivedChanges(fresh: [], duplicates: []))
        #expect(try await test.texts(in: "general") == ["original"])
        #expect(test.lines.contains("rejected a conflicting change"))
    }

    @Test func aPendingChangeIsAlsoProtectedAgainstASecondVersion() async throws {
        let test = try TestNode()
        let first = try alice.change(1, [.create("general")])
        _ = await test.node.receive([try alice.change(2, [.post("general", "original")])], from: alice.id)
        _ = await test.node.receive([try alice.change(2, [.post("general", "rewritten")])], from: bob.id)
        _ = await test.node.receive([first], from: alice.id)
        #expect(try await test.texts(in: "general") == ["original"])
        #expect(test.lines.contains("rejected a conflicting change"))
    }

    @Test func oneSignatureVouchesForALinkedRun() async throws {
        let test = try TestNode()
        var run = [try alice.change(1, [.create("general")])]
        for seq: UInt64 in 2...50 { run.append(try alice.change(seq, [.post("general", "\(seq)")])) }
        // Garbage in a middle signature: the hash chain no longer links, so every change is checked
        // alone and the run is accepted up to the damaged change only.
        var damaged = run
        damaged[24].signature = Data(repeating: 0, count: 64)
        let held = await test.node.receive(damaged, from: bob.id)
        #expect(held.fresh.count == 49)
        #expect(await test.node.versionVector()[alice.id] == 24)
        #expect(test.lines.count(containing: "bad signature") == 1)
        _ = await test.node.receive(Array(run[24...]), from: alice.id)
        #expect(await test.node.versionVector()[alice.id] == 50)
        #expect(try await test.texts(in: "general").count == 49)
    }

    @Test func aChangeThatForksItsAuthorsLogIsRejected() async throws {
        let test = try TestNode()
        _ = await test.node.receive([try alice.change(1, [.create("general")])], from: alice.id)
        let fork = try alice.change(
            2, [.post("general", "from another history")], prev: [UInt8](repeating: 7, count: 32))
        _ = await test.node.receive([fork], from: bob.id)
        #expect(await test.node.versionVector()[alice.id] == 1)
        #expect(try await test.texts(in: "general").isEmpty)
        #expect(test.lines.contains("does not continue its author's log"))
        _ = await test.node.receive([try alice.change(2, [.post("general", "the real one")])], from: alice.id)
        #expect(try await test.texts(in: "general") == ["the real one"])
    }

    @Test func aForkIsCountedOnceWhileOtherAuthorsKeepApplying() async throws {
        let test = try TestNode()
        _ = await test.node.receive([try alice.change(1, [.create("general")])], from: alice.id)
        let fork = try alice.change(2, [.post("general", "forked")], prev: [UInt8](repeating: 7, count: 32))
        let fromBob = (1...3).map { seq in
            try! bob.change(UInt64(seq), [.post("general", "bob \(seq)")], deps: [alice.key(1)])
        }
        _ = await test.node.receive([fork] + fromBob, from: bob.id)
        #expect(try await test.texts(in: "general") == ["bob 1", "bob 2", "bob 3"])
        #expect(try await test.node.status().pendingChanges == 0)
        #expect(test.lines.count(containing: "does not continue its author's log") == 1)
    }

    @Test func anOpForAnUnknownChannelIsRejectedWithoutBlockingTheAuthor() async throws {
        let test = try TestNode()
        _ = await test.node.receive(
            [
                try alice.change(1, [.post("nowhere", "lost")]),
                try alice.change(2, [.create("general")]),
                try alice.change(3, [.post("general", "found")]),
            ], from: alice.id)
        #expect(try test.node.chat.channels().map(\.name) == ["general"])
        #expect(try await test.texts(in: "general") == ["found"])
        #expect(test.lines.contains("rejected an op"))
    }

    @Test func aStructurallyInvalidChangeIsRejected() async throws {
        let test = try TestNode()
        var noAuthor = try alice.change(1, [.create("general")])
        noAuthor.body = Data([0x0A, 0x03, 1, 2, 3])  // field 1 (author): 3 bytes, not a key
        let selfDependency = try alice.change(1, [.create("general")], deps: [alice.key(1)])
        let garbage = WireSignedChange.with {
            $0.body = Data([0xFF, 0xFF, 0xFF]); $0.signature = Data(count: 64)
        }
        let held = await test.node.receive([noAuthor, selfDependency, garbage], from: bob.id)
        #expect(held == ReceivedChanges(fresh: [], duplicates: []))
        #expect(test.lines.count(containing: "rejected a change") == 3)
    }

    @Test func receivedMessagesAreStreamedAsEvents() async throws {
        let test = try TestNode()
        let events = await test.node.events()
        _ = await test.node.receive(
            [try alice.change(1, [.create("general")]), try alice.change(2, [.post("general", "live")])],
            from: alice.id)
        var iterator = events.makeAsyncIterator()
        var texts: [String] = []
        while texts.isEmpty, let event = await iterator.next() {
            if let message = event.value(as: ChatMessage.self) { texts.append(message.text) }
        }
        #expect(texts == ["live"])
    }

    /// Channel events came for ops that changed nothing (a second creation, a losing topic).
    @Test func channelOpsThatChangeNothingShowNothing() async throws {
        let test = try TestNode()
        let events = await test.node.events()
        let created = try alice.change(1, [.create("general")])
        // Bob creates it too, later: the channel stays Alice's.
        let again = try bob.change(1, [.create("general")], hlc: (1_700_000_000_000 + 50) << 16)
        let topic = try alice.change(
            2, [try ChatApp.channelOp("general", .topic(.with { $0.topic = "new" }))])
        let post = try alice.change(3, [.post("general", "hello")])
        for change in [created, topic, again, post] { _ = await test.node.receive([change], from: alice.id) }
        var channelEvents = 0
        for await event in events {
            if event.type == "chat.channel" { channelEvents += 1 }
            if event.type == "chat.message" { break }
        }
        #expect(channelEvents == 2, "the creation and the topic, not the second creation")
    }
}
