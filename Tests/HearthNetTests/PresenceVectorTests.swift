import Foundation
import HearthCrypto
import HearthWire
import Testing

@testable import HearthNet

/// `Protocol/vectors/presence.json`, made by an independent Python implementation
/// (`Tests/Interop/make_vectors.py`): the node signs the same bytes and reads them back.
@Suite struct PresenceVectorTests {
    struct Vector: Decodable {
        struct Game: Decodable {
            var game: String
            var map: String
            var server: String
        }
        var seed: String
        var nodeId: String
        var network: String
        var counter: UInt64
        var status: String
        var text: String
        var game: Game
        var neighbours: [String]
        var name: String
        var body: String
        var signature: String
    }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    func vector() throws -> Vector {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/presence.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Vector.self, from: Data(contentsOf: url))
    }

    @Test func theNodeSignsTheVectorsBytes() throws {
        let vector = try vector()
        var seed = Self.hex(vector.seed)
        let identity = try NodeIdentity(seed: &seed)
        #expect(identity.id.bytes == Self.hex(vector.nodeId))
        let record = PresenceRecord(
            node: identity.id, counter: vector.counter, status: PresenceStatus(rawValue: vector.status)!,
            text: vector.text, game: InGame(game: vector.game.game, map: vector.game.map, server: vector.game.server),
            neighbours: vector.neighbours.map { NodePrefix(rawValue: UInt64($0, radix: 16)!) }, name: vector.name)
        let sealed = PresenceSigning(identity: identity, network: Self.hex(vector.network)).seal(record)
        #expect(sealed.body == Self.hex(vector.body))
        #expect(sealed.signature == Self.hex(vector.signature))
    }

    @Test func theNodeReadsTheVectorsRecordAndChecksItsSignature() throws {
        let vector = try vector()
        let wire = WireSignedPresence.with {
            $0.body = Data(Self.hex(vector.body))
            $0.signature = Data(Self.hex(vector.signature))
        }
        let network = Self.hex(vector.network)
        let sealed = try #require(ReadPresence.sealed(wire, network: network))
        #expect(sealed.record.status == .away)
        #expect(sealed.record.text == vector.text)
        #expect(sealed.record.game?.server == vector.game.server)
        #expect(sealed.record.name == vector.name)
        #expect(sealed.record.neighbours.map(\.rawValue) == vector.neighbours.map { UInt64($0, radix: 16)! })
        var seed = Self.hex(vector.seed)
        let signing = PresenceSigning(identity: try NodeIdentity(seed: &seed), network: network)
        #expect(signing.isAuthentic(sealed))
        var tampered = sealed
        tampered.body[tampered.body.count - 1] ^= 1
        #expect(!signing.isAuthentic(tampered))
        #expect(ReadPresence.sealed(wire, network: Array(network.reversed())) == nil, "another network's record")
    }
}
