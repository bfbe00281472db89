import Foundation
import HearthChatModels
import HearthCrypto
import HearthModels
import HearthNet
import HearthStore
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// Read markers, unread and mention counts, and which messages notify, on bob's node.
@Suite struct UnreadAndNotificationTests {
    let alice = RemoteAuthor()
    let carol = RemoteAuthor()

    /// A clock reading `offset` ms from now, as a change's hlc.
    static func now(_ offset: Int = 0) -> UInt64 { UInt64(Int(Date().timeIntervalSince1970 * 1000) + offset) << 16 }

    private func post(
        _ author: RemoteAuthor, _ seq: UInt64, _ text: String, mentions: MentionSet = MentionSet(),
        replyTo: OpKey? = nil, deps: [ChangeKey] = [], at offset: Int
    ) throws -> WireSignedChange {
        var post = ChatPost()
        if mentions != MentionSet() { post.mentions = mentions.wire }
        if let replyTo { post.replyTo = ChatService.ref(replyTo) }
        let op = try ChatApp.channelOp("general", .post(post), payload: Array(text.utf8))
        // alice created #general: every other author's post lists her creation.
        let creation = author === alice ? [] : [alice.key(1)]
        return try author.change(seq, [op], deps: creation + deps, hlc: Self.now(offset))
    }

    @Test func unreadCountsMoveForwardOnlyUnlessMarkedUnread() async throws {
        let bob = try TestNode(name: "bob").node
        let me = bob.identity.id.bytes
        _ = await bob.receive(
            [
                try alice.change(1, [.create("general")], hlc: Self.now(-70_000_000)),
                try post(alice, 2, "from long ago", at: -60_000_000),
            ], from: alice.id)
        #expect(try bob.chat.unread().conversations.isEmpty, "what came before this node joined counts as read")
        _ = await bob.receive((3...5).map { try! post(alice, UInt64($0), "m\($0)", at: $0) }, from: alice.id)
        _ = await bob.receive(
            [
                try post(
                    carol, 1, "hey <@\(bob.identity.id)>", mentions: MentionSet(members: [me]), deps: [alice.key(1)],
                    at: 6)
            ],
            from: carol.id)
        var general = try #require(try bob.chat.unread().conversations.first)
        #expect(general.unread == 4 && general.mentions == 1 && general.title == "#general")

        let messages = try bob.chat.messages(channel: "general", limit: 10, before: nil)
        general = try await bob.chat.markRead("general", to: messages[2].id)  // m3, m4 read
        #expect(general.unread == 2)
        general = try await bob.chat.markRead("general", to: messages[1].id)
        #expect(general.unread == 2, "marking an older message read does not move the marker back")
        general = try await bob.chat.markUnread(messages[1].id)
        #expect(general.unread == 4, "mark unread is the one way back: m3 onwards")
        general = try await bob.chat.markRead("general", to: nil)
        #expect(general.unread == 0 && general.mentions == 0)
        _ = try await bob.chat.post(channel: "general", text: "my own message never counts", replyTo: nil)
        #expect(try bob.chat.unread().conversations.isEmpty)
    }

    @Test func mentionsRepliesAndThreadsNotifyOnlyTheirTargets() async throws {
        let bob = try TestNode(name: "bob").node
        let events = await bob.events()
        let me = bob.identity.id.bytes
        let other = NodeIdentity.generate().id.bytes
        _ = await bob.receive([try alice.change(1, [.create("general")], hlc: Self.now(-1000))], from: alice.id)
        let mine = try await bob.chat.post(channel: "general", text: "anyone for ctf?", replyTo: nil)
        let mineKey = try bob.chat.resolveMessage(mine.id).key
        let myChange = ChangeKey(author: bob.identity.id, seq: mineKey.seq)
        _ = await bob.receive(
            [
                try post(alice, 2, "plain chatter", at: 1),
                try post(alice, 3, "hi <@\(NodeID(bytes: other))>", mentions: MentionSet(members: [other]), at: 2),
                try post(alice, 4, "@here who is up", mentions: MentionSet(members: [other], here: true), at: 3),
                try post(alice, 5, "@here round two", mentions: MentionSet(members: [me], here: true), at: 4),
                try post(alice, 6, "@channel server restarts", mentions: MentionSet(channel: true), at: 5),
                try post(alice, 7, "me!", replyTo: mineKey, deps: [myChange], at: 6),
            ], from: alice.id)
        let threadReply = try post(
            carol, 1, "me too", replyTo: OpKey(author: alice.id.bytes, seq: 7, index: 0),
            deps: [alice.key(7)], at: 7)
        _ = await bob.receive([threadReply], from: carol.id)
        let reasons = try bob.chat.notifications(unreadOnly: true).map { "\($0.reason): \($0.body)" }
        #expect(
            reasons == [
                "thread: me too", "reply: me!", "mention: @channel server restarts", "mention: @here round two",
            ])
        let pushed = try await events.first { $0.event.type == "notification.new" }
        #expect(pushed.value(as: ChatNotification.self)?.title == "\(alice.id.short) in #general")

        // At level none nothing notifies; at level all every message does.
        _ = try await bob.chat.setNotifyLevel("general", level: "none")
        _ = await bob.receive(
            [try post(alice, 8, "@channel again", mentions: MentionSet(channel: true), at: 8)], from: alice.id)
        #expect(try bob.chat.notifications(unreadOnly: true).count == 4)
        _ = try await bob.chat.setNotifyLevel("general", level: "all")
        _ = await bob.receive([try post(alice, 9, "just chatter", at: 9)], from: alice.id)
        #expect(try bob.chat.notifications(unreadOnly: true).first?.reason == "message")
        await #expect(throws: NodeError.self) { _ = try await bob.chat.setNotifyLevel("general", level: "loud") }

        // Reading the channel reads its notifications; the feed keeps them.
        _ = try await bob.chat.markRead("general", to: nil)
        #expect(try bob.chat.notifications(unreadOnly: true).isEmpty)
        #expect(try bob.chat.notifications(unreadOnly: false).count == 5)
    }

    @Test func doNotDisturbHoldsNotificationsAndADeleteTakesItsOwnAway() async throws {
        let test = try TestNode(listen: PeerAddress(host: "127.0.0.1", port: 0), name: "bob")
        let bob = test.node
        try await bob.start()
        let events = await bob.events()
        try await bob.setPresence(SetPresenceRequest(status: "dnd"))
        _ = try await events.first {
            $0.value(as: PresenceSummary.self).map { $0.isSelf && $0.status == "dnd" } == true
        }
        let me = bob.identity.id.bytes
        _ = await bob.receive(
            [
                try alice.change(1, [.create("general")], hlc: Self.now(-1000)),
                try post(alice, 2, "psst <@\(bob.identity.id)>", mentions: MentionSet(members: [me]), at: 1),
            ], from: alice.id)
        let held = try #require(try bob.chat.notifications(unreadOnly: true).first)
        #expect(held.held && held.reason == "mention")
        try await bob.setPresence(SetPresenceRequest(status: "online"))
        _ = try await events.first {
            $0.value(as: PresenceSummary.self).map { $0.isSelf && $0.status == "online" } == true
        }
        _ = await bob.receive(
            [try post(alice, 3, "now <@\(bob.identity.id)>", mentions: MentionSet(members: [me]), at: 2)],
            from: alice.id)
        let pushed = try await events.first { $0.event.type == "notification.new" }
        #expect(
            pushed.value(as: ChatNotification.self)?.body == "now @bob"
                || pushed.value(as: ChatNotification.self)?.body.hasPrefix("now @") == true)
        #expect(pushed.value(as: ChatNotification.self)?.held == false)
        _ = await bob.receive(
            [try alice.change(4, [.delete(OpKey(author: alice.id.bytes, seq: 3, index: 0))], hlc: Self.now(3))],
            from: alice.id)
        #expect(try bob.chat.notifications(unreadOnly: false).map(\.body) == [held.body])
        await bob.stop()
    }

    /// Another client (a second browser tab, the CLI) learns at once that a marker moved.
    @Test func markingReadOrUnreadTellsEveryClient() async throws {
        let bob = try TestNode(name: "bob").node
        let events = await bob.events()
        _ = await bob.receive(
            [
                try alice.change(1, [.create("general")], hlc: Self.now(-1000)),
                try post(alice, 2, "@channel one", mentions: MentionSet(channel: true), at: 1),
                try post(alice, 3, "two", at: 2),
            ], from: alice.id)
        let messages = try bob.chat.messages(channel: "general", limit: 10, before: nil)
        _ = try await bob.chat.markUnread(messages[0].id)
        let unread = try await events.first { $0.event.type == "chat.read" }
        #expect(unread.value(as: ChatUnread.self)?.unread == 2)
        _ = try await bob.chat.markRead("general", to: nil)
        let read = try await events.first { $0.event.type == "chat.read" }
        #expect(read.value(as: ChatUnread.self)?.unread == 0)
        let count = try await events.first { $0.event.type == "notification.read" }
        #expect(count.value(as: [String: Int].self)?["unreadNotifications"] == 0)
        #expect(try bob.chat.notifyLevels().map(\.conversation) == ["general"])
    }
}
