import Foundation
import HearthNode
import HearthStore
import Testing

@testable import HearthChat

/// The chat app's tables, on their own store.
@Suite struct ChatTablesTests {
    let alice = [UInt8](repeating: 1, count: 32)
    let bob = [UInt8](repeating: 2, count: 32)

    /// A database indexed by migration 5 (one FTS5 table) moves into shards of 50,000 messages.
    @Test func theOneTableIndexMovesIntoShards() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-shards-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("chat.sqlite").path
        do {
            let early = try HearthStore(path: path, migrations: Array(ChatTables.migrations.prefix(5)))
            try early.write { context in
                try context.execute(
                    """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
                    INSERT INTO chat_search (rowid, text) SELECT i, 'word' || i FROM n
                    """)
                try context.setChatSetting("search_next", 60_001)
            }
        }
        let store = try HearthStore(path: path, migrations: ChatTables.migrations)
        let counts = try store.read { context in
            try ["chat_search_0", "chat_search_1"].map { table in
                try context.row("SELECT count(*) AS n FROM \(table)")?.int64("n") ?? -1
            }
        }
        #expect(counts == [50_000, 10_000])
        let left = try store.read { try $0.row("SELECT name FROM sqlite_master WHERE name = 'chat_search'") }
        #expect(left == nil, "the one-table index is dropped")
        let found = try store.read {
            try $0.row("SELECT rowid FROM chat_search_1 WHERE chat_search_1 MATCH 'word50001'")
        }
        #expect(found?.int64("rowid") == 50_001)
    }

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
