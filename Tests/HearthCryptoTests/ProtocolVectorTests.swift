import Foundation
import Testing

@testable import HearthCrypto

/// Checks the Swift Noise code byte for byte against the transcript that the independent Python
/// `noiseprotocol` implementation produced (Tests/Interop/make_vectors.py).
@Suite struct ProtocolVectorTests {
    @Test func handshakeReproducesTheIndependentTranscript() throws {
        let vector = try ProtocolVectors.load("handshake.json")
        func bytes(_ key: String) -> [UInt8] { Hex.decode(vector[key]!) }
        var pskBytes = bytes("psk")
        let psk = try NetworkKey(bytes: &pskBytes)
        var initiatorSeed = bytes("initiatorEd25519Seed")
        var responderSeed = bytes("responderEd25519Seed")
        var initiatorEphemeral = bytes("initiatorEphemeral")
        var responderEphemeral = bytes("responderEphemeral")
        var initiator = NoiseHandshake(
            role: .initiator, staticKey: try NodeIdentity(seed: &initiatorSeed).noiseStaticKey(), psk: psk,
            prologue: bytes("prologue"), ephemeral: X25519KeyPair(secret: &initiatorEphemeral))
        var responder = NoiseHandshake(
            role: .responder, staticKey: try NodeIdentity(seed: &responderSeed).noiseStaticKey(), psk: psk,
            prologue: bytes("prologue"), ephemeral: X25519KeyPair(secret: &responderEphemeral))

        let message1 = try initiator.writeMessage()
        #expect(Hex.encode(message1) == vector["message1"])
        _ = try responder.readMessage(message1)
        let message2 = try responder.writeMessage()
        #expect(Hex.encode(message2) == vector["message2"])
        _ = try initiator.readMessage(message2)
        let message3 = try initiator.writeMessage()
        #expect(Hex.encode(message3) == vector["message3"])
        _ = try responder.readMessage(message3)
        #expect(Hex.encode(initiator.handshakeHash) == vector["handshakeHash"])

        var initiatorTransport = try initiator.transport()
        var responderTransport = try responder.transport()
        #expect(Hex.encode(try initiatorTransport.encrypt(bytes("transport1Plaintext"))) == vector["transport1"])
        #expect(Hex.encode(try responderTransport.encrypt(bytes("transport2Plaintext"))) == vector["transport2"])
        #expect(try responderTransport.decrypt(bytes("transport1")) == bytes("transport1Plaintext"))
    }

    @Test func changeVectorsVerifyAndAreReproduced() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/changes.json")
        let vectors = try JSONDecoder().decode(ChangeVectors.self, from: Data(contentsOf: url))
        var seeds = [Hex.decode(vectors.aliceEd25519Seed), Hex.decode(vectors.bobEd25519Seed)]
        let authors = [try NodeIdentity(seed: &seeds[0]), try NodeIdentity(seed: &seeds[1])]
        #expect(vectors.changes.count == 3)
        for change in vectors.changes {
            let author = try #require(authors.first { Hex.encode($0.id.bytes) == change.author })
            #expect(author.id.description == change.authorBase32)
            let signingInput = Array(vectors.signingDomain.utf8) + [0] + Hex.decode(change.body)
            let signature = Hex.decode(change.signature)
            #expect(NodeIdentity.verify(signature: signature, of: signingInput, by: author.id))
            #expect(author.sign(signingInput) == signature, "Ed25519 is deterministic")
            #expect(Hex.encode(contentHash(Hex.decode(change.body), signature)) == change.changeHash)
        }
    }
}

struct ChangeVectors: Decodable {
    struct Change: Decodable {
        var author: String
        var authorBase32: String
        var body: String
        var signature: String
        var changeHash: String
    }
    var signingDomain: String
    var aliceEd25519Seed: String
    var bobEd25519Seed: String
    var changes: [Change]
}
