import Foundation
import HearthCrypto
import HearthTestSupport
import Testing

@testable import HearthChat
@testable import HearthNode

/// What a user does on their own node: channels, posts, replies, paging, and the limits.
@Suite struct LocalChatTests {
    @Test func postsRepliesAndThreads() async throws {
        let node = try TestNode().node
        let channel = try await node.chat.createChannel("general", topic: "frag talk")
        #expect(channel.topic == "frag talk")
        let root = try await node.chat.post(channel: "general", text: "rematch on dm4?", replyTo: nil)
        let reply = try await node.chat.post(channel: "general", text: "yes", replyTo: root.id)
        #expect(reply.replyTo == root.id)
        let nested = try await node.chat.post(channel: "general", text: "me too", replyTo: reply.id)
        #expect(nested.threadRoot == root.id, "threads are flat: a reply to a reply joins the root's thread")
        let thread = try node.chat.thread(of: nested.id)
        #expect(thread.root.id == root.id)
        #expect(thread.replies.map(\.text) == ["yes", "me too"])
        let listed = try node.chat.messages(channel: "general", limit: 10, before: nil)
        #expect(listed.map(\.text) == ["rematch on dm4?", "yes", "me too"])
        #expect(listed.first?.replies == 2)
    }

    @Test func pagingWalksBackwardsWithoutGapsOrRepeats() async throws {
        let node = try TestNode().node
        _ = try await node.chat.createChannel("general", topic: nil)
        for number in 1...25 { _ = try await node.chat.post(channel: "general", text: "\(number)", replyTo: nil) }
        var seen: [String] = []
        var before: String?
        while true {
            let page = try node.chat.messages(channel: "general", limit: 10, before: before)
            guard let first = page.first else { break }
            seen = page.map(\.text) + seen
            before = first.id
        }
        #expect(seen == (1...25).map(String.init))
    }

    @Test func creatingAnExistingChannelKeepsItsTopic() async throws {
        let node = try TestNode().node
        _ = try await node.chat.createChannel("general", topic: "frag talk")
        let again = try await node.chat.createChannel("general", topic: nil)
        #expect(again.topic == "frag talk")
        let renamed = try await node.chat.createChannel("general", topic: "strats")
        #expect(renamed.topic == "strats")
        #expect(try node.chat.channels().count == 1)
    }

    @Test func badInputGetsAClearErrorAndStoresNothing() async throws {
        let node = try TestNode().node
        await #expect(throws: NodeError.self) {
            _ = try await node.chat.post(channel: "general", text: "hi", replyTo: nil)
        }
        _ = try await node.chat.createChannel("general", topic: nil)
        _ = try await node.chat.createChannel("random", topic: nil)
        let before = try await node.status().opsStored
        let long = String(repeating: "é", count: ChatLimits.maxMessageScalars + 1)
        let error = await #expect(throws: NodeError.self) {
            _ = try await node.chat.post(channel: "general", text: long, replyTo: nil)
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("4001") == true && error?.message.contains("4000") == true)
        await #expect(throws: NodeError.self) {
            _ = try await node.chat.post(channel: "general", text: "  ", replyTo: nil)
        }
        await #expect(throws: NodeError.self) { _ = try await node.chat.createChannel("has space", topic: nil) }
        let elsewhere = try await node.chat.post(channel: "random", text: "hi", replyTo: nil)
        await #expect(throws: NodeError.self) {
            _ = try await node.chat.post(channel: "general", text: "re", replyTo: elsewhere.id)
        }
        #expect(throws: NodeError.self) { _ = try node.chat.thread(of: "not-an-id") }
        #expect(try await node.status().opsStored == before + 1)
    }

    @Test func aReopenedNodeKeepsItsDataAndContinuesItsSequence() async throws {
        let folder = try TemporaryFolder("hearth-node")
        do {
            let node = try TestNode(reopening: folder).node
            _ = try await node.chat.createChannel("general", topic: nil)
            _ = try await node.chat.post(channel: "general", text: "before restart", replyTo: nil)
        }
        let reopened = try TestNode(reopening: folder)
        let id = reopened.node.identity.id
        #expect(await reopened.node.versionVector()[id] == 2)
        let message = try await reopened.node.chat.post(channel: "general", text: "after restart", replyTo: nil)
        #expect(message.id.hasSuffix("-3"), "a reused sequence number would look like equivocation to peers")
        #expect(try await reopened.texts(in: "general") == ["before restart", "after restart"])
    }
}

/// The text rules of `Protocol/apps/chat.md`, at the API and for received ops.
@Suite struct ChatTextRuleTests {
    let alice = RemoteAuthor()

    @Test(arguments: ["cut\u{0}here", "bell\u{7}", "escape\u{1B}[31m", "\u{85}next line"])
    func controlCharactersAreRefusedLocally(text: String) async throws {
        let node = try TestNode().node
        _ = try await node.chat.createChannel("general", topic: nil)
        await #expect {
            _ = try await node.chat.post(channel: "general", text: text, replyTo: nil)
        } throws: { error in
            (error as? NodeError)?.code == .invalidArgument && "\(error)".contains("control character U+")
        }
        await #expect(throws: NodeError.self) { _ = try await node.chat.createChannel("general", topic: text) }
        #expect(try node.chat.messages(channel: "general", limit: 10, before: nil).isEmpty)
    }

    @Test(arguments: ["\u{200B}", " \u{2060} ", "\u{FEFF}\n\t"])
    func invisibleOnlyTextIsRefused(text: String) async throws {
        let node = try TestNode().node
        _ = try await node.chat.createChannel("general", topic: nil)
        await #expect(throws: NodeError.self) {
            _ = try await node.chat.post(channel: "general", text: text, replyTo: nil)
        }
    }

    @Test func tabsLineBreaksAndEmojiAreKept() async throws {
        let node = try TestNode().node
        _ = try await node.chat.createChannel("general", topic: nil)
        let text = "line one\r\n\tline two 👩‍👩‍👧 e\u{301}"
        let posted = try await node.chat.post(channel: "general", text: text, replyTo: nil)
        #expect(posted.text == text)
        #expect(try node.chat.messages(channel: "general", limit: 1, before: nil).first?.text == text)
    }

    @Test func aReceivedMessageWithNULIsRejectedNotStoredCut() async throws {
        let test = try TestNode()
        _ = await test.node.receive(
            [
                try alice.change(1, [.create("general")]),
                try alice.change(2, [.post("general", "before\u{0}after")]),
                try alice.change(3, [.post("general", "fine")]),
            ], from: alice.id)
        #expect(try test.node.chat.messages(channel: "general", limit: 10, before: nil).map(\.text) == ["fine"])
        #expect(test.lines.contains("rejected an op"))
    }
}

/// Local changes made at the same time share one transaction and one fsync.
@Suite struct GroupCommitTests {
    @Test func concurrentPostsAreCommittedTogetherWithConsecutiveSequenceNumbers() async throws {
        let test = try TestNode()
        let node = test.node
        _ = try await node.chat.createChannel("general", topic: nil)
        let before = node.store.durableWrites
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for number in 0..<40 {
                group.addTask { try await node.chat.post(channel: "general", text: "m\(number)", replyTo: nil).id }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let seqs = ids.compactMap { $0.split(separator: "-").last.flatMap { UInt64($0) } }.sorted()
        #expect(seqs == Array(seqs[0]..<seqs[0] + 40), "one sequence number each, no gap, no reuse")
        #expect(node.store.durableWrites - before < 40, "fewer fsyncs than changes")
        #expect(try node.chat.messages(channel: "general", limit: 100, before: nil).count == 40)
    }

    @Test func aRefusedChangeInAGroupFailsAloneAndLeavesNoGap() async throws {
        let test = try TestNode()
        let node = test.node
        _ = try await node.chat.createChannel("general", topic: nil)
        let first = Task { try await node.commit([.post("general", "fine")]) }
        let refused = Task { try await node.commit([.post("nowhere", "no such channel")]) }
        let last = Task { try await node.commit([.post("general", "also fine")]) }
        let keys = try await [first.value, last.value].map(\.seq).sorted()
        await #expect(throws: NodeError.self) { _ = try await refused.value }
        #expect(keys[1] == keys[0] + 1, "the refused change took no sequence number")
        #expect(
            try node.chat.messages(channel: "general", limit: 10, before: nil).map(\.text).sorted() == [
                "also fine", "fine",
            ])
    }
}

/// Renaming a running node.
@Suite struct RenameTests {
    @Test func aRenameShowsEverywhereAtOnceAndIsKeptForTheNextStart() async throws {
        let test = try TestNode(name: "alice")
        let node = test.node
        let renamed = try await node.chat.rename("Alice the Great")
        #expect(renamed.name == "Alice the Great")
        #expect(node.displayName == "Alice the Great")
        #expect(try await node.status().name == "Alice the Great")
        #expect(await node.presence().first { $0.isSelf }?.name == "Alice the Great", "the presence record says it")
        #expect(try node.read { try $0.profileName(author: node.identity.id.bytes) } == "Alice the Great")
        let saved = try String(contentsOfFile: node.configuration.folder.displayNamePath, encoding: .utf8)
        #expect(saved == "Alice the Great\n")
        for bad in ["", "   ", "tab\there", String(repeating: "x", count: 65)] {
            await #expect(throws: NodeError.self) { _ = try await node.chat.rename(bad) }
        }
        #expect(node.displayName == "Alice the Great", "a refused name changes nothing")
        await node.stop()
    }
}
