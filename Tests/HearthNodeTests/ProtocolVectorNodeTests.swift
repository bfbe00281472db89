import Foundation
import HearthCrypto
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// `Protocol/vectors/changes.json`, made by an independent Python implementation, applied by a
/// real node: the object id, the signatures, payloads, a redacted payload and the messages shown.
@Suite struct ProtocolVectorNodeTests {
    struct Vectors: Decodable {
        struct Change: Decodable {
            var signedChange: String
        }
        struct Message: Decodable {
            var id: String
            var text: String
            var replyTo: String?
        }
        var objectGeneral: String
        var changes: [Change]
        var expectedMessages: [Message]
    }

    static func load() throws -> Vectors {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/changes.json")
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    static func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    @Test func theVectorsObjectIDIsTheNamedIDOfTheChannel() throws {
        let vectors = try Self.load()
        #expect(ObjectID.named("general", kind: ChatApp.channelKind).bytes == Self.hex(vectors.objectGeneral))
    }

    @Test func aNodeAppliesTheVectorChangesAsTheSpecSays() async throws {
        let vectors = try Self.load()
        let test = try TestNode()
        let signed = try vectors.changes.map { try WireSignedChange(serializedBytes: Self.hex($0.signedChange)) }
        // In reverse: each waits for its predecessor or dep, as over a real link.
        for change in signed.reversed() {
            _ = await test.node.receive([change], from: NodeIdentity.generate().id)
        }
        #expect(try await test.node.status().opsStored == 3)
        let shown = try test.node.chat.messages(channel: "general", limit: 10, before: nil)
        #expect(shown.map(\.id) == vectors.expectedMessages.map(\.id))
        #expect(shown.map(\.text) == vectors.expectedMessages.map(\.text))
        #expect(shown.map(\.replyTo) == vectors.expectedMessages.map(\.replyTo))
    }
}
