import Foundation
import HearthChatModels
import HearthCrypto
import HearthStore
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// `Protocol/vectors/dm.json`, sealed by an independent Python implementation (PyNaCl), applied
/// by real nodes holding the members' keys and a non-member's; and a direct message sealed here,
/// opened by that implementation (`Tests/Interop/open_dm.py`).
@Suite struct DirectMessageVectorTests {
    struct Vectors: Decodable {
        struct Node: Decodable {
            var ed25519Seed: String
            var idBase32: String
        }
        struct Change: Decodable {
            var signedChange: String
            var payload: String
            var text: String
        }
        struct Expected: Decodable {
            var nodes: [String: [String: Conversation]]
        }
        struct Conversation: Decodable {
            var members: [String]
            var messages: [Message]
        }
        struct Message: Decodable {
            struct Reaction: Decodable {
                var emoji: String
                var members: [String]
            }
            var id: String
            var author: String
            var text: String
            var editedHlc: String?
            var deleted: Bool
            var replyTo: String?
            var replies: Int
            var reactions: [Reaction]
        }
        var nodes: [String: Node]
        var changes: [Change]
        var expected: Expected
    }

    static func load() throws -> Vectors {
        let url = Self.repository.appendingPathComponent("Protocol/vectors/dm.json")
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A node on a fresh data folder whose identity is `seed`.
    static func node(seed: String, name: String) throws -> TestNode {
        let folder = try TemporaryFolder("hearth-dm-vector")
        try SecretFile.write(ProtocolVectorNodeTests.hex(seed), to: folder.path + "/identity.key")
        return try TestNode(reopening: folder, name: name)
    }

    @Test func membersReadTheVectorsMessagesAndTheOthersKeepNothingReadable() async throws {
        let vectors = try Self.load()
        let signed = try vectors.changes.map {
            try WireSignedChange(serializedBytes: ProtocolVectorNodeTests.hex($0.signedChange))
        }
        for name in ["bob", "dave", "carol"] {
            let test = try Self.node(seed: try #require(vectors.nodes[name]).ed25519Seed, name: name)
            #expect(test.node.identity.id.description == vectors.nodes[name]?.idBase32)
            // In reverse: each change waits for its predecessor or dep, as over a real link.
            for change in signed.reversed() { _ = await test.node.receive([change], from: NodeIdentity.generate().id) }
            #expect(try await test.node.status().opsStored == signed.count)

            let expected = try #require(vectors.expected.nodes[name])
            let shown = try test.node.chat.directs()
            #expect(Set(shown.map(\.id)) == Set(expected.keys), "\(name)'s conversations")
            for conversation in shown {
                let want = try #require(expected[conversation.id])
                #expect(conversation.members.map(\.id) == want.members)
                let messages = try test.node.chat.directMessages(with: [conversation.id], limit: 100, before: nil)
                #expect(messages.map(\.id) == want.messages.map(\.id))
                #expect(messages.map(\.author) == want.messages.map(\.author))
                #expect(messages.map(\.text) == want.messages.map(\.text), "\(name) reads the texts")
                #expect(messages.map { $0.edited != nil } == want.messages.map { $0.editedHlc != nil })
                #expect(messages.map(\.deleted) == want.messages.map(\.deleted))
                #expect(messages.map(\.replyTo) == want.messages.map(\.replyTo))
                #expect(messages.map(\.replies) == want.messages.map(\.replies))
                #expect(
                    messages.map { $0.reactions.map { [$0.emoji] + $0.members.map(\.id) } }
                        == want.messages.map { $0.reactions.map { [$0.emoji] + $0.members } })
            }
            // The ciphertexts of replaced and deleted versions are gone; no text is anywhere in
            // the files of a node that is not a member of its conversation.
            let files = try DirectMessageTests.databaseFiles(of: test.node).map {
                (try? Data(contentsOf: URL(fileURLWithPath: $0))) ?? Data()
            }
            for (index, change) in vectors.changes.enumerated() {
                let ciphertext = Data(ProtocolVectorNodeTests.hex(change.payload).prefix(32))
                let redacted = index == 0 || index == 3
                if redacted { #expect(files.allSatisfy { $0.range(of: ciphertext) == nil }, "change \(index + 1)") }
                let readable = expected.values.contains { $0.messages.contains { $0.text == change.text } }
                if !change.text.isEmpty, !readable {
                    #expect(files.allSatisfy { $0.range(of: Data(change.text.utf8)) == nil }, "\(name): \(change.text)")
                }
            }
            await test.node.stop()
        }
    }

    @Test func aMessageSealedHereOpensInTheIndependentImplementation() async throws {
        guard let python = ProcessInfo.processInfo.environment["HEARTH_PYTHON"] else {
            Issue.record("HEARTH_PYTHON is not set: run the tests through scripts/test")
            return
        }
        let vectors = try Self.load()
        let bob = try #require(vectors.nodes["bob"])
        let carol = try #require(vectors.nodes["carol"])
        let alice = try TestNode(name: "alice")
        let text = "sealed in Swift, opened in Python: rocket jump at 3 ⚡"
        let sent = try await alice.node.chat.sendDirect(to: [bob.idBase32], text: text, replyTo: nil)
        let seq = try MessageID.parse(sent.id).seq
        let stored = try #require(
            try alice.node.read { try $0.changes(author: alice.node.identity.id.bytes, in: seq...seq, limit: 1) }.first)
        let op = try #require(try WireChangeBody.decode(stored.body).ops.first)
        func open(as seed: String) throws -> (Int32, String) {
            let request: [String: String] = [
                "memberEd25519Seed": seed, "author": Self.hexString(alice.node.identity.id.bytes),
                "object": Self.hexString([UInt8](op.object)), "directOp": Self.hexString([UInt8](op.body)),
                "payload": Self.hexString(try #require(stored.payloads[0])),
            ]
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [Self.repository.appendingPathComponent("Tests/Interop/open_dm.py").path]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(try JSONEncoder().encode(request))
            try input.fileHandleForWriting.close()
            let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, answer)
        }
        struct Opened: Decodable {
            var text: String
            var kind: String
        }
        let (status, answer) = try open(as: bob.ed25519Seed)
        #expect(status == 0, "\(answer)")
        let opened = try JSONDecoder().decode(Opened.self, from: Data(answer.utf8))
        #expect(opened.text == text && opened.kind == "post")
        let (refused, _) = try open(as: carol.ed25519Seed)
        #expect(refused == 1, "a non-member cannot open it")
        await alice.node.stop()
    }

    static func hexString(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
