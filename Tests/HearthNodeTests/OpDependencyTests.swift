import Foundation
import HearthCrypto
import HearthStore
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// An op that names another op is applied only when its change guarantees the other is held
/// (a dep, or an earlier change of the same author), so no node refuses what another applies; and
/// a channel op of an action this version does not know is kept for a later version, not refused.
@Suite struct OpDependencyTests {
    let alice = RemoteAuthor()
    let bob = RemoteAuthor()

    private func ref(_ author: RemoteAuthor, _ seq: UInt64) -> ChatOpRef {
        .with {
            $0.author = Data(author.id.bytes)
            $0.seq = seq
        }
    }

    private func react(to target: ChatOpRef) throws -> NewOp {
        try ChatApp.channelOp(
            "general",
            .react(
                .with {
                    $0.target = target
                    $0.emoji = "🎯"
                    $0.add = true
                }))
    }

    @Test func opsOnAMessageMustListItsChangeAsADep() async throws {
        let test = try TestNode()
        let changes = [
            try alice.change(1, [.create("general")]),
            try alice.change(2, [.post("general", "gg")]),
            // bob names alice's post without a dep on it: refused, though this node holds it.
            try bob.change(1, [try react(to: ref(alice, 2))], deps: [alice.key(1)]),
            try bob.change(
                2,
                [
                    try ChatApp.channelOp(
                        "general", .post(.with { $0.replyTo = ref(alice, 2) }), payload: Array("yes".utf8))
                ],
                deps: [alice.key(1)]),
            // With the dep, the same ops are applied.
            try bob.change(3, [try react(to: ref(alice, 2))], deps: [alice.key(2)]),
            try bob.change(
                4,
                [
                    try ChatApp.channelOp(
                        "general", .post(.with { $0.replyTo = ref(alice, 2) }), payload: Array("ok".utf8))
                ],
                deps: [alice.key(1), alice.key(2)]),
            // alice's own earlier post needs no dep.
            try alice.change(3, [try react(to: ref(alice, 2))]),
        ]
        for change in changes { _ = await test.node.receive([change], from: alice.id) }
        let messages = try test.node.chat.messages(channel: "general", limit: 10, before: nil)
        #expect(messages.map(\.text) == ["gg", "ok"])
        #expect(messages.first?.reactions.first?.count == 2)
        #expect(messages.first?.replies == 1)
        #expect(test.lines.count(containing: "does not list") == 2)
        await test.node.stop()
    }

    @Test func aPostMustFollowOneOfItsChannelsCreations() async throws {
        let test = try TestNode()
        for change in [
            try alice.change(1, [.create("general")]),
            try bob.change(1, [.post("general", "no dep on the creation")]),
            try bob.change(2, [.post("general", "with one")], deps: [alice.key(1)]),
            try alice.change(2, [.post("general", "the creator's own")]),
        ] {
            _ = await test.node.receive([change], from: alice.id)
        }
        #expect(Set(try await test.texts(in: "general")) == ["with one", "the creator's own"])
        #expect(test.lines.contains("lists none of its creations as a dep"))
        await test.node.stop()
    }

    @Test func aChannelOpOfAnUnknownActionIsKeptNotRefused() async throws {
        let folder = try TemporaryFolder("hearth-future-action")
        // A `ChannelOp` with field 40, which no version has yet: an action a later version adds.
        let body: [UInt8] = [0xC2, 0x02, 0x02, 0x08, 0x01]
        #expect(try ChatChannelOp(serializedBytes: body).action == nil)
        let futureOp = NewOp(
            object: .named("general", kind: ChatApp.channelKind), kind: ChatApp.channelKind, body: body)
        let changes = [
            try alice.change(1, [.create("general")]),
            try alice.change(2, [futureOp]),
            // A reaction to the op kept for later is kept too (it would be refused for want of it).
            try bob.change(1, [try react(to: ref(alice, 2))], deps: [alice.key(2)]),
            try bob.change(2, [.post("general", "still chatting")], deps: [alice.key(1)]),
        ]
        do {
            let test = try TestNode(reopening: folder)
            for change in changes { _ = await test.node.receive([change], from: alice.id) }
            #expect(try await test.texts(in: "general") == ["still chatting"])
            #expect(try test.node.read { try $0.deferredOpCount() } == 2)
            #expect(!test.lines.contains("rejected an op"))
            await test.node.stop()
        }
        // This version still does not know it: it stays kept, once, across a restart.
        let again = try TestNode(reopening: folder)
        #expect(try again.node.read { try $0.deferredOpCount() } == 2)
        #expect(try await again.texts(in: "general") == ["still chatting"])
        await again.node.stop()
    }

    @Test func anEmptyChannelOpIsRefused() async throws {
        let test = try TestNode()
        let empty = NewOp(object: .named("general", kind: ChatApp.channelKind), kind: ChatApp.channelKind, body: [])
        for change in [try alice.change(1, [.create("general")]), try alice.change(2, [empty])] {
            _ = await test.node.receive([change], from: alice.id)
        }
        #expect(try test.node.read { try $0.deferredOpCount() } == 0)
        #expect(test.lines.contains("a channel op with no action"))
        await test.node.stop()
    }
}
