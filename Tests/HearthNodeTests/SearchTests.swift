import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthStore
import HearthTestSupport
import Testing

@testable import HearthChat
@testable import HearthNode

/// Full-text search over what a node can read.
@Suite struct SearchTests {
    @Test func wordsPhrasesAndFiltersFindTheRightMessages() async throws {
        let node = try TestNode(name: "alice").node
        _ = try await node.chat.createChannel("general", topic: nil)
        _ = try await node.chat.createChannel("strats", topic: nil)
        let jump = try await node.chat.post(channel: "general", text: "that rocket jump was insane", replyTo: nil)
        _ = try await node.chat.post(channel: "general", text: "jump pads are for rockets", replyTo: nil)
        let strat = try await node.chat.post(channel: "strats", text: "Rocket jump to the rail gun", replyTo: nil)
        #expect(try await node.chat.search("rocket jump").map(\.message.id) == [strat.id, jump.id], "newest first")
        #expect(try await node.chat.search("\"rocket jump\" in:general").map(\.message.id) == [jump.id])
        #expect(try await node.chat.search("\"rocket jump\"", in: "strats").map(\.message.id) == [strat.id])
        #expect(try await node.chat.search("rocket*").count == 3, "a prefix")
        #expect(try await node.chat.search("ROCKET jump").first?.snippet == "«Rocket» «jump» to the rail gun")
        #expect(
            try await node.chat.search("rocket", from: node.identity.id.short).count == 2,
            "no stemming: rockets is another word")
        #expect(try await node.chat.search("rocket", before: "2000-01-01").isEmpty)
        #expect(try await node.chat.search("rocket", after: "2000-01-01").count == 2)
        await #expect(throws: NodeError.self) { _ = try await node.chat.search("rocket", before: "yesterday") }
        await #expect(throws: NodeError.self) { _ = try await node.chat.search("  ") }
        await #expect(throws: NodeError.self) { _ = try await node.chat.search("rocket", in: "nowhere") }
        #expect(try await node.chat.search("AND OR NOT \"( * :").isEmpty, "FTS5 syntax in a query is only words")
    }

    @Test func editsAndDeletesChangeWhatIsFound() async throws {
        let node = try TestNode(name: "alice").node
        _ = try await node.chat.createChannel("general", topic: nil)
        let posted = try await node.chat.post(channel: "general", text: "meet at dm4", replyTo: nil)
        _ = try await node.chat.edit(posted.id, text: "meet at dm6")
        #expect(try await node.chat.search("dm4").isEmpty)
        #expect(try await node.chat.search("dm6").map(\.message.text) == ["meet at dm6"])
        _ = try await node.chat.delete(posted.id)
        #expect(try await node.chat.search("dm6").isEmpty)
        #expect(try await node.chat.search("meet").isEmpty)
    }

    /// The index in shards (of 3 here, of 50,000 in use): found across shards, newest first; a
    /// delete or an edit rewrites only the shard that held the old text, and leaves no word of it.
    @Test func theIndexIsShardedAndADeleteRewritesOnlyItsShard() async throws {
        let test = try TestNode(name: "alice")
        let node = test.node
        try await node.store.write { try $0.setChatSetting("search_shard_size", 3) }
        _ = try await node.chat.createChannel("general", topic: nil)
        var posted: [ChatMessage] = []
        for number in 1...10 {
            posted.append(
                try await node.chat.post(channel: "general", text: "frag \(number) word\(number)", replyTo: nil))
            try await node.chat.indexWaitingMessages()  // one at a time: a segment each, for the purge to merge
        }
        let tables = try node.read { context in
            try context.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'chat_search_[0-9]'")
                .map { $0.string("name") }
        }
        #expect(tables.sorted() == ["chat_search_0", "chat_search_1", "chat_search_2", "chat_search_3"])
        let oneTable = try node.read { try $0.row("SELECT name FROM sqlite_master WHERE name = 'chat_search'") }
        #expect(oneTable == nil, "migration 6 (run through the app registry) dropped the one-table index")
        #expect(try await node.chat.search("frag").map(\.message.id) == posted.reversed().map(\.id), "newest first")
        #expect(try await node.chat.search("frag", limit: 5).map(\.message.id) == posted.reversed().prefix(5).map(\.id))
        #expect(try await node.chat.search("word2").map(\.message.id) == [posted[1].id])

        // message 5 is in shard 1: its delete rewrites that shard into one segment, no other.
        func segments(_ shard: Int) throws -> Int {
            try node.read { try $0.row("SELECT count(*) AS n FROM chat_search_\(shard)_data")?.int64("n") ?? 0 }.asInt
        }
        let before = try (0...3).map(segments)
        _ = try await node.chat.delete(posted[4].id)
        let after = try (0...3).map(segments)
        #expect(after[0] == before[0] && after[2] == before[2] && after[3] == before[3])
        #expect(after[1] != before[1])
        #expect(try await node.chat.search("word5").isEmpty)
        _ = try await node.chat.edit(posted[8].id, text: "renamed")
        #expect(try await node.chat.search("word9").isEmpty)
        #expect(try await node.chat.search("renamed").map(\.message.id) == [posted[8].id])
        let path = node.configuration.folder.databasePath(network: node.configuration.network.name)
        for file in [path, path + "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(bytes.range(of: Data("word5".utf8)) == nil && bytes.range(of: Data("word9".utf8)) == nil, "\(file)")
        }
    }

    /// New messages wait for the index and go in together (one FTS segment for the batch, not
    /// one per message); a search indexes what waits first, and a message deleted while it waited
    /// never reaches the index.
    @Test func newMessagesAreIndexedTogetherAndASearchNeverMissesOne() async throws {
        let node = try TestNode(name: "alice").node  // not started: no background indexer
        _ = try await node.chat.createChannel("general", topic: nil)
        var posted: [ChatMessage] = []
        for number in 1...5 {
            posted.append(
                try await node.chat.post(channel: "general", text: "lan \(number) tag\(number)", replyTo: nil))
        }
        func waiting() throws -> Int64 {
            try node.read { try $0.row("SELECT count(*) AS n FROM chat_search_waiting")?.int64("n") ?? -1 }
        }
        #expect(try waiting() == 5)
        _ = try await node.chat.delete(posted[2].id)
        #expect(try waiting() == 4, "a delete takes the message out of the queue")
        #expect(try await node.chat.search("lan").map(\.message.id) == [4, 3, 1, 0].map { posted[$0].id })
        #expect(try waiting() == 0)
        #expect(try await node.chat.search("tag3").isEmpty)
        let dataRows = try node.read { try $0.row("SELECT count(*) AS n FROM chat_search_0_data")?.int64("n") ?? 0 }
        #expect(dataRows == 3, "the averages, the structure and one segment of one page")
        let path = node.configuration.folder.databasePath(network: node.configuration.network.name)
        for file in [path, path + "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(bytes.range(of: Data("tag3".utf8)) == nil, "\(file)")
        }
    }

    /// A received batch of many changes (a catch-up) indexes its messages in its own transaction;
    /// a few wait for the indexer.
    @Test func aLargeReceivedBatchIndexesItsMessagesAtOnce() async throws {
        let alice = try TestNode(name: "alice").node
        _ = try await alice.chat.createChannel("general", topic: nil)
        for number in 1...80 {
            _ = try await alice.chat.post(channel: "general", text: "round \(number)", replyTo: nil)
        }
        let changes = await alice.storedChanges(author: alice.identity.id, in: 1...UInt64.max, limit: .max)
        let bob = try TestNode(name: "bob").node
        func counts() throws -> (waiting: Int64, indexed: Int64) {
            try bob.read { context in
                (
                    try context.row("SELECT count(*) AS n FROM chat_search_waiting")?.int64("n") ?? -1,
                    try context.row("SELECT count(*) AS n FROM chat_message WHERE search_id IS NOT NULL")?.int64("n")
                        ?? -1
                )
            }
        }
        #expect(changes.count == 81)  // the channel, then the messages
        _ = await bob.receive(changes.prefix(5).map(\.signed), from: alice.identity.id)
        #expect(try counts() == (4, 0))
        _ = await bob.receive(changes.dropFirst(5).map(\.signed), from: alice.identity.id)
        #expect(try counts() == (4, 76), "the batch of 76 indexed itself; the four before still wait")
        #expect(try await bob.chat.search("round").count == 50)
        #expect(try counts() == (0, 80))
    }

    /// A running node's background indexer empties the queue without any search.
    @Test(.timeLimit(.minutes(1))) func theBackgroundIndexerCatchesUp() async throws {
        let test = try TestNode(listen: PeerAddress(host: "127.0.0.1", port: 0), name: "alice")
        try await test.node.start()
        _ = try await test.node.chat.createChannel("general", topic: nil)
        for number in 1...20 {
            _ = try await test.node.chat.post(channel: "general", text: "gg \(number)", replyTo: nil)
        }
        await test.node.chat.backgroundIndexPass()
        #expect(try !test.node.read { try $0.hasMessagesWaitingForIndex() })
        let indexed = try test.node.read {
            try $0.row("SELECT count(*) AS n FROM chat_message WHERE search_id IS NOT NULL")?.int64("n") ?? 0
        }
        #expect(indexed == 20)
        await test.node.stop()
    }

    @Test func directMessagesAreFoundByTheirMembersOnly() async throws {
        let alice = try TestNode(listen: PeerAddress(host: "127.0.0.1", port: 0), name: "alice")
        try await alice.node.start()
        let port = try #require(await alice.node.mesh.listeningPort)
        let carol = try TestNode(
            listen: PeerAddress(host: "127.0.0.1", port: 0), peers: [PeerAddress(host: "127.0.0.1", port: port)],
            name: "carol")
        try await carol.node.start()
        let bob = NodeIdentity.generate().id
        let sent = try await alice.node.chat.sendDirect(to: [bob.description], text: "secret flank route", replyTo: nil)
        #expect(try await alice.node.chat.search("flank").map(\.message.id) == [sent.id])
        let key = ChangeKey(author: alice.node.identity.id, seq: try MessageID.parse(sent.id).seq)
        await carol.node.waitUntilHolding(key)
        #expect(try await carol.node.chat.search("flank").isEmpty, "carol holds only the ciphertext")
        await carol.node.stop()
        await alice.node.stop()
    }

    @Test func queriesBecomeQuotedTerms() {
        #expect(SearchQuery.match("rocket \"jump pad\" rail*") == "\"rocket\" \"jump pad\" \"rail\"*")
        #expect(SearchQuery.match("say \"hi") == "\"say\" \"hi\"")
        #expect(SearchQuery.match("a\"b") == "\"a\"\"b\"")
        #expect(SearchQuery.match("  \"\" ") == nil)
    }
}

extension Int64 {
    fileprivate var asInt: Int { Int(self) }
}
