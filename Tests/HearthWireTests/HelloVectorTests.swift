import Foundation
import HearthWire
import Testing

@testable import HearthCrypto

/// `vectors/handshake.json`'s Hello: the first record a node sends, checked against the bytes the
/// independent Python code produced.
@Suite struct HelloVectorTests {
    static func vector() throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/handshake.json")
        return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
    }

    @Test func theHelloFrameDecryptsToTheRecordAndTheRecordToTheHello() throws {
        let vector = try Self.vector()
        func bytes(_ key: String) -> [UInt8] {
            let text = Array(vector[key]!.utf8)
            return stride(from: 0, to: text.count, by: 2).map {
                UInt8(String(decoding: text[$0..<$0 + 2], as: UTF8.self), radix: 16)!
            }
        }
        var pskBytes = bytes("psk")
        let psk = try NetworkKey(bytes: &pskBytes)
        var initiatorSeed = bytes("initiatorEd25519Seed")
        var responderSeed = bytes("responderEd25519Seed")
        var initiatorEphemeral = bytes("initiatorEphemeral")
        var responderEphemeral = bytes("responderEphemeral")
        let initiatorIdentity = try NodeIdentity(seed: &initiatorSeed)
        var initiator = NoiseHandshake(
            role: .initiator, staticKey: initiatorIdentity.noiseStaticKey(), psk: psk, prologue: bytes("prologue"),
            ephemeral: X25519KeyPair(secret: &initiatorEphemeral))
        var responder = NoiseHandshake(
            role: .responder, staticKey: try NodeIdentity(seed: &responderSeed).noiseStaticKey(), psk: psk,
            prologue: bytes("prologue"), ephemeral: X25519KeyPair(secret: &responderEphemeral))
        _ = try responder.readMessage(try initiator.writeMessage())
        _ = try initiator.readMessage(try responder.writeMessage())
        _ = try responder.readMessage(try initiator.writeMessage())
        var receiver = try responder.transport()

        var frames = FrameDecoder()
        frames.append(bytes("helloFrame")[...])
        let frame = try #require(try frames.nextFrame())
        var records = MessageAssembler()
        records.append(try receiver.decrypt(frame))
        let record = try #require(try records.nextMessage())
        #expect(record == bytes("helloEnvelope"))
        guard case .hello(let hello) = try WireEnvelope.decode(record).body else {
            Issue.record("not a hello")
            return
        }
        #expect(hello.protocolVersion == 3 && hello.minProtocolVersion == 3)
        #expect([UInt8](hello.nodeID) == initiatorIdentity.id.bytes)
        #expect(hello.displayName == "alice" && hello.listenPort == 7070 && hello.agent == "hearth/0.2.0")
        #expect(hello.links == 3 && hello.maxLinks == 12)
        // And Swift writes the same bytes.
        let written = WireEnvelope.with {
            $0.hello = .with {
                $0.protocolVersion = ProtocolConstants.version
                $0.minProtocolVersion = ProtocolConstants.minimumVersion
                $0.nodeID = Data(initiatorIdentity.id.bytes)
                $0.displayName = "alice"
                $0.listenPort = 7070
                $0.agent = "hearth/0.2.0"
                $0.links = 3
                $0.maxLinks = 12
            }
        }
        #expect(written.encoded() == bytes("helloEnvelope"))
    }
}
