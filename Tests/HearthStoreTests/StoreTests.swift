import Foundation
import HearthStore
import Testing

@Suite struct StoreTests {
    let alice = [UInt8](repeating: 1, count: 32)
    let bob = [UInt8](repeating: 2, count: 32)

    func change(_ author: [UInt8], _ seq: UInt64) -> StoredChange {
        StoredChange(
            author: author, seq: seq, hlc: seq << 16, body: [UInt8(seq)], signature: [UInt8](repeating: 3, count: 64))
    }

    @Test func aFailedTransactionKeepsNothing() throws {
        let store = try HearthStore()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { context in
                try context.insertChange(change(alice, 1))
                try context.setHead(author: alice, seq: 1)
                throw Boom()
            }
        }
        let (count, heads) = try store.read { context in (try context.changeCount(), try context.heads()) }
        #expect(count == 0)
        #expect(heads.isEmpty)
    }

    @Test func aDuplicateChangeIsRefused() throws {
        let store = try HearthStore()
        try store.write { try $0.insertChange(change(alice, 1)) }
        #expect(throws: (any Error).self) { try store.write { try $0.insertChange(change(alice, 1)) } }
    }

    @Test func changesAreReadBackInRangeAndOrder() throws {
        let store = try HearthStore()
        try store.write { context in
            for seq in (1...10).reversed() { try context.insertChange(change(alice, UInt64(seq))) }
            try context.insertChange(change(bob, 1))
        }
        let range = try store.read { try $0.changes(author: alice, in: 3...7, limit: 3) }
        #expect(range.map(\.seq) == [3, 4, 5])
        #expect(range.first == change(alice, 3))
    }

    @Test func dataSurvivesReopeningTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try HearthStore(path: path)
            try store.write { context in
                try context.insertChange(change(alice, 1))
                try context.setHead(author: alice, seq: 1)
                try context.setSetting("name", to: "alice")
            }
        }
        let reopened = try HearthStore(path: path)
        let (heads, name) = try reopened.read { context in (try context.heads(), try context.setting("name")) }
        #expect(heads.map(\.seq) == [1])
        #expect(name == "alice")
    }

    @Test func profileNamesAreLastWriterWins() throws {
        let store = try HearthStore()
        try store.write { context in
            try context.setProfileName(author: alice, name: "late", hlc: 20)
            try context.setProfileName(author: alice, name: "early", hlc: 10)
        }
        #expect(try store.read { try $0.profileNames()[alice] } == "late")
    }

    @Test func messagesPageBackwardsAndCountThreadReplies() throws {
        let store = try HearthStore()
        let keys = (1...5).map { OpKey(author: alice, seq: UInt64($0), index: 0) }
        try store.write { context in
            try context.saveChannel(
                ChannelRecord(
                    name: "general", topic: "", topicHLC: 0, topicAuthor: [], createdHLC: 0, creator: alice,
                    creatorSeq: 1))
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
        }
        let latest = try store.read { try $0.messages(channel: "general", before: nil, limit: 2) }
        #expect(latest.map(\.text) == ["m4", "reply"])
        let older = try store.read { try $0.messages(channel: "general", before: latest[0], limit: 10) }
        #expect(older.map(\.text) == ["m0", "m1", "m2", "m3"])
        #expect(try store.read { try $0.message(keys[0]) }?.replyCount == 1)
        #expect(try store.read { try $0.thread(root: keys[0]) }.map(\.text) == ["reply"])
    }
}

@Suite struct DurableWriteTests {
    @Test func aDurableWriteCommitsToDiskAndAFailedOneKeepsNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hearth.sqlite").path
        let author = [UInt8](repeating: 1, count: 32)
        func change(_ seq: UInt64) -> StoredChange {
            StoredChange(author: author, seq: seq, hlc: seq, body: [1], signature: [UInt8](repeating: 2, count: 64))
        }
        do {
            let store = try HearthStore(path: path)
            try store.write(durable: true) { try $0.insertChange(change(1)) }
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                try store.write(durable: true) { context in
                    try context.insertChange(change(2))
                    throw Boom()
                }
            }
            try store.write { try $0.insertChange(change(3)) }
        }
        let reopened = try HearthStore(path: path)
        let seqs = try reopened.read { try $0.changes(author: author, in: 1...10, limit: 10).map(\.seq) }
        #expect(seqs == [1, 3])
    }
}
