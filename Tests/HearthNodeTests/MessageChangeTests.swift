import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthStore
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// Edits, deletes, reactions and pins: on one node, from peers, in any order of delivery.
@Suite struct MessageChangeTests {
    let alice = RemoteAuthor()
    let bob = RemoteAuthor()

    @Test func anEditReplacesTheTextAndDropsTheEarlierVersion() async throws {
        let node = try TestNode().node
        _ = try await node.chat.createChannel("general", topic: nil)
        let posted = try await node.chat.post(channel: "general", text: "gg wp, rematch on dm4?", replyTo: nil)
        let edited = try await node.chat.edit(posted.id, text: "gg wp, rematch on dm6?")
        #expect(edited.text == "gg wp, rematch on dm6?")
        #expect(edited.edited != nil && edited.edited! >= posted.time)
        let again = try await node.chat.edit(posted.id, text: "gg wp, rematch on dm17?")
        #expect(try node.chat.messages(channel: "general", limit: 10, before: nil).map(\.text) == [again.text])
        let key = try node.chat.resolveMessage(posted.id).key
        #expect(try node.read { try $0.payload(key) } == nil, "the posted text is dropped once edited")
        let firstEdit = OpKey(author: key.author, seq: key.seq + 1, index: 0)
        #expect(try node.read { try $0.payload(firstEdit) } == nil, "so is the first edit's")
        let latest = OpKey(author: key.author, seq: key.seq + 2, index: 0)
        #expect(try node.read { try $0.payload(latest) } == Array("gg wp, rematch on dm17?".utf8))
    }

    @Test func aDeleteWipesTheTextEverywhereInTheDatabaseAndKeepsTheThread() async throws {
        let test = try TestNode()
        let node = test.node
        _ = try await node.chat.createChannel("general", topic: nil)
        let secret = "the server password is hunter2-\(UUID().uuidString)"
        let root = try await node.chat.post(channel: "general", text: secret, replyTo: nil)
        _ = try await node.chat.edit(root.id, text: secret + " (edited)")
        let reply = try await node.chat.post(channel: "general", text: "thanks", replyTo: root.id)
        _ = try await node.chat.react(root.id, emoji: "🎯")
        _ = try await node.chat.pin(root.id, pinned: true)
        let wipesBefore = node.store.wipes
        let deleted = try await node.chat.delete(root.id)
        #expect(deleted.deleted && deleted.text.isEmpty && deleted.reactions.isEmpty && !deleted.pinned)
        let thread = try node.chat.thread(of: reply.id)
        #expect(thread.root.id == root.id && thread.root.deleted)
        #expect(thread.replies.map(\.text) == ["thanks"])
        #expect(try node.chat.pins(channel: "general").isEmpty)
        #expect(node.store.wipes == wipesBefore + 1, "the write-ahead log was emptied at once")
        let path = node.configuration.folder.databasePath(network: node.configuration.network.name)
        for file in [path, path + "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(bytes.range(of: Data("hunter2".utf8)) == nil, "\(file) still holds the deleted text")
        }
    }

    @Test func onlyTheAuthorMayEditOrDeleteAndBadReactionsAreRefused() async throws {
        let test = try TestNode()
        let node = test.node
        _ = await node.receive(
            [try alice.change(1, [.create("general")]), try alice.change(2, [.post("general", "mine")])],
            from: alice.id)
        let theirs = try #require(try node.chat.messages(channel: "general", limit: 1, before: nil).first)
        let edit = await #expect(throws: NodeError.self) { _ = try await node.chat.edit(theirs.id, text: "yours") }
        #expect(edit?.code == .permissionDenied)
        let delete = await #expect(throws: NodeError.self) { _ = try await node.chat.delete(theirs.id) }
        #expect(delete?.code == .permissionDenied)
        for bad in ["", "two words", String(repeating: "x", count: 17), "\u{7}"] {
            await #expect(throws: NodeError.self) { _ = try await node.chat.react(theirs.id, emoji: bad) }
        }
        for number in 0..<ChatLimits.maxDistinctReactions {
            _ = try await node.chat.react(theirs.id, emoji: "e\(number)")
        }
        let full = await #expect(throws: NodeError.self) { _ = try await node.chat.react(theirs.id, emoji: "🎯") }
        #expect(full?.message.contains("20 different reactions") == true)
        let key = try node.chat.resolveMessage(theirs.id).key

        // bob, from afar, tries to edit and delete alice's message: both are rejected and logged.
        let forgedEdit = try ChatApp.channelOp(
            "general", .edit(.with { $0.target = ChatService.ref(key) }), payload: Array("pwned".utf8))
        let forgedDelete = try ChatApp.channelOp("general", .delete(.with { $0.target = ChatService.ref(key) }))
        _ = await node.receive(
            [
                try bob.change(1, [forgedEdit], deps: [alice.key(2)]),
                try bob.change(2, [forgedDelete], deps: [alice.key(2)]),
            ], from: bob.id)
        let after = try node.chat.thread(of: theirs.id).root
        #expect(after.text == "mine" && !after.deleted)
        #expect(test.lines.contains("an edit of another author's message"))
        #expect(test.lines.contains("a delete of another author's message"))
    }

    @Test func reactionsToggleAndCountWhoReacted() async throws {
        let test = try TestNode(name: "carol")
        let node = test.node
        _ = await node.receive(
            [try alice.change(1, [.create("general")]), try alice.change(2, [.post("general", "nice shot")])],
            from: alice.id)
        let message = try #require(try node.chat.messages(channel: "general", limit: 1, before: nil).first)
        let key = try node.chat.resolveMessage(message.id).key
        _ = await node.receive([try bob.change(1, [.react(key, "🎯", add: true)], deps: [alice.key(2)])], from: bob.id)
        var shown = try await node.chat.react(message.id, emoji: "🎯")
        #expect(shown.reactions.map(\.emoji) == ["🎯"] && shown.reactions.first?.count == 2)
        shown = try await node.chat.react(message.id, emoji: "🎯")
        #expect(shown.reactions.first?.count == 1)
        #expect(shown.reactions.first?.members.map(\.id) == [bob.id.description])
        _ = await node.receive([try bob.change(2, [.react(key, "🎯", add: false)], deps: [alice.key(2)])], from: bob.id)
        #expect(try node.chat.thread(of: message.id).root.reactions.isEmpty)
    }

    /// The same ops delivered in two different orders end in the same state.
    @Test func everyOrderOfDeliveryEndsTheSame() async throws {
        let create = try alice.change(1, [.create("general")])
        let post = try alice.change(2, [.post("general", "v1")])
        let key = OpKey(author: alice.id.bytes, seq: 2, index: 0)
        let edit1 = try alice.change(3, [.edit(key, "v2")])
        let edit2 = try alice.change(4, [.edit(key, "v3")])
        let bobReacts = try bob.change(1, [.react(key, "🎯", add: true)], deps: [alice.key(2)])
        let bobPins = try bob.change(2, [.pin(key, true)], deps: [alice.key(2)])
        let bobUnreacts = try bob.change(
            3, [.react(key, "🎯", add: false), .react(key, "gg", add: true)], deps: [alice.key(2)])
        let orders: [[(WireSignedChange, RemoteAuthor)]] = [
            [
                (create, alice), (post, alice), (edit1, alice), (edit2, alice), (bobReacts, bob), (bobPins, bob),
                (bobUnreacts, bob),
            ],
            [
                (create, alice), (post, alice), (bobReacts, bob), (bobPins, bob), (bobUnreacts, bob), (edit2, alice),
                (edit1, alice),
            ],
        ]
        var results: [ChatMessage] = []
        for order in orders {
            let node = try TestNode().node
            for (change, author) in order { _ = await node.receive([change], from: author.id) }
            var message = try node.chat.thread(of: try MessageID(key).description).root
            message.hlc = 0
            results.append(message)
            #expect(try node.read { try $0.payload(key) } == nil)
            #expect(try node.read { try $0.payload(OpKey(author: alice.id.bytes, seq: 3, index: 0)) } == nil)
        }
        #expect(results[0] == results[1])
        #expect(results[0].text == "v3" && results[0].pinned && results[0].reactions.map(\.emoji) == ["gg"])
    }

    @Test func aReactionOrPinOnADeletedMessageEndsAsNothingInEitherOrder() async throws {
        let create = try alice.change(1, [.create("general")])
        let post = try alice.change(2, [.post("general", "oops")])
        let key = OpKey(author: alice.id.bytes, seq: 2, index: 0)
        let delete = try alice.change(3, [.delete(key)])
        let react = try bob.change(1, [.react(key, "😂", add: true), .pin(key, true)], deps: [alice.key(2)])
        for late in [true, false] {
            let node = try TestNode().node
            _ = await node.receive([create, post], from: alice.id)
            if late {
                _ = await node.receive([delete], from: alice.id)
                _ = await node.receive([react], from: bob.id)
            } else {
                _ = await node.receive([react], from: bob.id)
                _ = await node.receive([delete], from: alice.id)
            }
            let shown = try node.chat.thread(of: try MessageID(key).description).root
            #expect(shown.deleted && shown.reactions.isEmpty && !shown.pinned)
        }
    }
}

extension NewOp {
    static func edit(_ key: OpKey, _ text: String) -> NewOp {
        try! ChatApp.channelOp(
            "general", .edit(.with { $0.target = ChatService.ref(key) }), payload: Array(text.utf8))
    }

    static func delete(_ key: OpKey) -> NewOp {
        try! ChatApp.channelOp("general", .delete(.with { $0.target = ChatService.ref(key) }))
    }

    static func react(_ key: OpKey, _ emoji: String, add: Bool) -> NewOp {
        try! ChatApp.channelOp(
            "general",
            .react(
                .with {
                    $0.target = ChatService.ref(key)
                    $0.emoji = emoji
                    $0.add = add
                }))
    }

    static func pin(_ key: OpKey, _ pinned: Bool) -> NewOp {
        try! ChatApp.channelOp(
            "general",
            .pin(
                .with {
                    $0.target = ChatService.ref(key)
                    $0.pinned = pinned
                }))
    }
}
