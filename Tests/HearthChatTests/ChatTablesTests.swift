import Foundation
import HearthNode
import HearthStore
import Testing

@testable import HearthChat

/// The chat app's tables, on their own store.
@Suite struct ChatTablesTests {
    let alice = [UInt8](repeating: 1, count: 32)
    let bob = [UInt8](repeating: 2, count: 32)

    @Test func profileNamesAreLastWriterWins() throws {
        let store = try HearthStore(migrations: ChatTables.migrations)
        try store.write { context in
            try context.setProfileName(author: alice, name: "late", hlc: 20)
            try context.setProfileName(author: alice, name: "early", hlc: 10)
        }
        #expect(try store.read { try $0.profileName(author: alice) } == "late")
    }

    @Test func messagesPageBackwardsAndCountThreadReplies() throws {
        let store = try HearthStore(migrations: ChatTables.migrations)
        let keys = (1...5).map { OpKey(author: alice, seq: UInt64($0), index: 0) }
        try store.write { context in
            try context.saveChannel(
                ChannelRecord(
                    object: .named("general", kind: ChatApp.channelKind), name: "general", topic: "", topicHLC: 0,
                    topicAuthor: [], createdHLC: 0, creator: alice, creatorSeq: 1))
            for (offset, key) in keys.enumerated() {
                try context.insertMessage(
                    MessageRecord(
                        key: key, channel: "general", hlc: UInt64(offset + 1) << 16, text: "m\(offset)", replyTo: nil,
                        threadRoot: nil))
            }
            try context.insertMessage(
                MessageRecord(
                    key: OpKey(author: bob, seq: 1, index: 0), channel: "general", hlc: 10 << 16, text: "reply",
                    replyTo: keys[0], threadRoot: keys[0]))
            try context.setProfileName(author: bob, name: "bob", hlc: 1)
        }
        let latest = try store.read { try $0.messages(channel: "general", before: nil, limit: 2) }
        #expect(latest.map(\.text) == ["m4", "reply"])
        #expect(latest.map(\.authorName) == [nil, "bob"])
        let older = try store.read { try $0.messages(channel: "general", before: latest[0], limit: 10) }
        #expect(older.map(\.text) == ["m0", "m1", "m2", "m3"])
        #expect(try store.read { try $0.message(keys[0]) }?.replyCount == 1)
        #expect(try store.read { try $0.thread(root: keys[0]) }.map(\.text) == ["reply"])
    }
}
