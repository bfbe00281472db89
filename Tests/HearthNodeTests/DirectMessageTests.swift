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

/// Direct messages: sealed to their members, stored and relayed blind by everyone else.
@Suite struct DirectMessageTests {
    /// alice, bob and carol linked in a loopback mesh; each one's event stream.
    private func threeNodes() async throws -> ([TestNode], [AsyncStream<NodeEvent>]) {
        let first = try TestNode(listen: PeerAddress(host: "127.0.0.1", port: 0), name: "alice")
        try await first.node.start()
        let port = try #require(await first.node.mesh.listeningPort)
        let others = try ["bob", "carol"].map { name in
            try TestNode(
                listen: PeerAddress(host: "127.0.0.1", port: 0), peers: [PeerAddress(host: "127.0.0.1", port: port)],
                name: name)
        }
        let nodes = [first] + others
        var streams: [AsyncStream<NodeEvent>] = []
        for test in nodes { streams.append(await test.node.events()) }
        for other in others { try await other.node.start() }
        return (nodes, streams)
    }

    @Test func onlyTheMembersCanReadAndTheOthersKeepNothingReadable() async throws {
        let (nodes, streams) = try await threeNodes()
        let (alice, bob, carol) = (nodes[0], nodes[1], nodes[2])
        let secret = "meet at the bridge-\(UUID().uuidString)"
        let sent = try await alice.node.chat.sendDirect(
            to: [bob.node.identity.id.description], text: secret, replyTo: nil)
        #expect(sent.text == secret && sent.channel.hasPrefix("@"))
        let received = try await streams[1].first { $0.value(as: ChatMessage.self)?.id == sent.id }
        #expect(received.value(as: ChatMessage.self)?.text == secret)
        // carol stores and relays the change: wait until she holds it.
        let change = ChangeKey(author: alice.node.identity.id, seq: try MessageID.parse(sent.id).seq)
        await carol.node.waitUntilHolding(change)
        #expect(await carol.node.versionVector()[change.author] >= change.seq)
        let withAlice = [alice.node.identity.id.description]
        #expect(try bob.node.chat.directMessages(with: withAlice, limit: 10, before: nil).map(\.text) == [secret])
        #expect(try carol.node.chat.directs().isEmpty)
        #expect(throws: NodeError.self) { _ = try carol.node.chat.thread(of: sent.id) }
        #expect(!carol.lines.contains(secret) && !bob.lines.contains(secret))
        let carolKey = try carol.node.chat.resolveMessageKey(sent.id)
        #expect(try carol.node.read { try $0.payload(carolKey) } != nil, "carol holds the ciphertext, to relay it")
        for file in try Self.databaseFiles(of: carol.node) {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(bytes.range(of: Data("meet at the bridge".utf8)) == nil, "\(file) holds the plaintext")
        }

        // An edit and a delete: the ciphertext of each replaced version is dropped by everyone.
        let edited = try await alice.node.chat.edit(sent.id, text: "no, at the tower")
        _ = try await streams[1].first { $0.event.type == "chat.edited" }
        #expect(try bob.node.chat.thread(of: sent.id).root.text == "no, at the tower")
        #expect(edited.edited != nil)
        _ = try await alice.node.chat.delete(sent.id)
        _ = try await streams[1].first { $0.event.type == "chat.deleted" }
        #expect(try bob.node.chat.thread(of: sent.id).root.deleted)
        let editKey = OpKey(author: carolKey.author, seq: carolKey.seq + 1, index: 0)
        await carol.node.waitUntilHolding(ChangeKey(author: change.author, seq: change.seq + 2))
        for test in nodes {
            #expect(try test.node.read { try $0.payload(carolKey) } == nil)
            #expect(try test.node.read { try $0.payload(editKey) } == nil)
        }
        for test in nodes { await test.node.stop() }
    }

    @Test func forgedOrMalformedDirectMessagesAreRejectedAndLogged() async throws {
        let test = try TestNode(name: "carol")
        let alice = RemoteAuthor()
        let bob = RemoteAuthor()
        let mallory = RemoteAuthor()
        let conversation = try DirectConversation(members: [alice.id, bob.id])
        let content = ChatDirectContent.with {
            $0.op = .with { $0.action = .post(ChatPost()) }
            $0.text = "hi"
        }
        // mallory is not a member of alice and bob's conversation.
        let intruder = try ChatApp.directOp(
            conversation, kind: .post, content: content, redacts: nil, author: mallory.id)
        _ = await test.node.receive([try mallory.change(1, [intruder])], from: mallory.id)
        #expect(test.lines.contains("a direct message from a node that is not a member"))
        // alice names a conversation whose object is another one's.
        var misplaced = try ChatApp.directOp(
            conversation, kind: .post, content: content, redacts: nil, author: alice.id)
        misplaced.object = .named("elsewhere", kind: ChatApp.directKind)
        _ = await test.node.receive([try alice.change(1, [misplaced])], from: alice.id)
        #expect(test.lines.contains("not its members' conversation"))
        // alice redacts bob's message: refused.
        let bobs = try ChatApp.directOp(conversation, kind: .post, content: content, redacts: nil, author: bob.id)
        _ = await test.node.receive([try bob.change(1, [bobs])], from: bob.id)
        let takeover = try ChatApp.directOp(
            conversation, kind: .delete, content: content, redacts: OpKey(author: bob.id.bytes, seq: 1, index: 0),
            author: alice.id)
        _ = await test.node.receive([try alice.change(2, [takeover])], from: alice.id)
        #expect(test.lines.contains("redacts an op that is not its author's"))
        #expect(try test.node.read { try $0.payload(OpKey(author: bob.id.bytes, seq: 1, index: 0)) } != nil)
    }

    @Test func aConversationHasTwoToSixteenMembersAndNamesMustBeClear() async throws {
        let test = try TestNode(name: "alice")
        await #expect(throws: NodeError.self) {
            _ = try await test.node.chat.sendDirect(to: [], text: "hi", replyTo: nil)
        }
        let many = (0..<16).map { _ in NodeIdentity.generate().id.description }
        let tooMany = await #expect(throws: NodeError.self) {
            _ = try await test.node.chat.sendDirect(to: many, text: "hi", replyTo: nil)
        }
        #expect(tooMany?.message.contains("17") == true)
        let unknown = await #expect(throws: NodeError.self) {
            _ = try await test.node.chat.sendDirect(to: ["nobody"], text: "hi", replyTo: nil)
        }
        #expect(unknown?.code == .notFound)
        let fifteen = Array(many.prefix(15))
        let sent = try await test.node.chat.sendDirect(to: fifteen, text: "team tactics", replyTo: nil)
        #expect(try test.node.chat.directs().first?.members.count == 15)
        #expect(try test.node.chat.directMessages(with: fifteen, limit: 5, before: nil).map(\.id) == [sent.id])
    }

    /// A member that gets a post without its text (an edit already redacted it) ends like one
    /// that got it whole: the edited text, in the same thread.
    @Test func aMemberThatGetsAPostWithoutItsTextEndsTheSame() async throws {
        var shown: [ChatMessage] = []
        for withText in [true, false] {
            let alice = RemoteAuthor()
            let bob = try TestNode(name: "bob")
            let conversation = try DirectConversation(members: [alice.id, bob.node.identity.id])
            let root = try ChatApp.directOp(
                conversation, kind: .post, content: Self.post("root"), redacts: nil, author: alice.id)
            let rootChange = try alice.change(1, [root])
            let rootKey = OpKey(author: alice.id.bytes, seq: 1, index: 0)
            let reply = try ChatApp.directOp(
                conversation, kind: .post, content: Self.post("first"), redacts: nil, replyTo: rootKey, author: alice.id
            )
            var replyChange = try alice.change(2, [reply], deps: [alice.key(1)])
            let replyKey = OpKey(author: alice.id.bytes, seq: 2, index: 0)
            let edit = try ChatApp.directOp(
                conversation, kind: .edit,
                content: .with {
                    $0.op = .with { $0.action = .edit(.with { $0.target = ChatService.ref(replyKey) }) }
                    $0.text = "second"
                }, redacts: replyKey, author: alice.id)
            let editChange = try alice.change(3, [edit], deps: [alice.key(2)])
            if !withText { replyChange.payloads = [] }
            _ = await bob.node.receive([rootChange, replyChange, editChange], from: alice.id)
            let thread = try bob.node.chat.thread(of: try MessageID(replyKey).description)
            #expect(thread.root.text == "root")
            shown.append(try #require(thread.replies.first))
            #expect(try bob.node.read { try $0.payload(replyKey) } == nil)
        }
        for message in shown {
            #expect(message.text == "second" && !message.deleted && message.edited != nil && message.threadRoot != nil)
        }
    }

    /// A channel op aimed at a conversation's object does not reach the conversation.
    @Test func aChannelOpCannotPostIntoAConversation() async throws {
        let bob = try TestNode(name: "bob")
        let alice = RemoteAuthor()
        let mallory = RemoteAuthor()
        let conversation = try DirectConversation(members: [alice.id, bob.node.identity.id])
        let hello = try ChatApp.directOp(
            conversation, kind: .post, content: Self.post("hi bob"), redacts: nil, author: alice.id)
        _ = await bob.node.receive([try alice.change(1, [hello])], from: alice.id)
        var intruding = NewOp.post("general", "click my link")
        intruding.object = conversation.object
        _ = await bob.node.receive([try mallory.change(1, [intruding], deps: [alice.key(1)])], from: mallory.id)
        let shown = try bob.node.chat.directMessages(with: [alice.id.description], limit: 10, before: nil)
        #expect(shown.map(\.text) == ["hi bob"])
        #expect(bob.lines.contains("a message for an unknown channel"))
    }

    static func post(_ text: String) -> ChatDirectContent {
        .with {
            $0.op = .with { $0.action = .post(ChatPost()) }
            $0.text = text
        }
    }

    static func databaseFiles(of node: Node) throws -> [String] {
        let path = node.configuration.folder.databasePath(network: node.configuration.network.name)
        return [path, path + "-wal"]
    }
}

extension ChatService {
    /// The op key a message id names, whether or not this node shows the message.
    func resolveMessageKey(_ text: String) throws -> OpKey {
        let parsed = try MessageID.parse(text)
        let heads = try node.read { try $0.heads() }
        let authors = heads.map(\.author).filter { Base32.encode($0).hasPrefix(parsed.authorPrefix) }
        guard authors.count == 1 else { throw NodeError(.notFound, "there is no single author of \(text)") }
        return OpKey(author: authors[0], seq: parsed.seq, index: parsed.index)
    }
}
