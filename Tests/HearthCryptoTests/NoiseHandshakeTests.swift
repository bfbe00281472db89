import Foundation
import Testing

@testable import HearthCrypto

@Suite struct NoiseHandshakeTests {
    let prologue = Array("hearth/1".utf8)

    /// Runs the three handshake messages between two fresh handshake states.
    func handshake(initiatorKey: NetworkKey, responderKey: NetworkKey) throws -> (NoiseHandshake, NoiseHandshake) {
        var initiator = NoiseHandshake(
            role: .initiator, staticKey: NodeIdentity.generate().noiseStaticKey(), psk: initiatorKey, prologue: prologue
        )
        var responder = NoiseHandshake(
            role: .responder, staticKey: NodeIdentity.generate().noiseStaticKey(), psk: responderKey, prologue: prologue
        )
        #expect(try responder.readMessage(try initiator.writeMessage(payload: [1])) == [1])
        #expect(try initiator.readMessage(try responder.writeMessage(payload: [2])) == [2])
        #expect(try responder.readMessage(try initiator.writeMessage(payload: [3])) == [3])
        return (initiator, responder)
    }

    @Test func peersWithTheSameKeyShareATransport() throws {
        let key = NetworkKey.generate()
        var (initiator, responder) = try handshake(initiatorKey: key, responderKey: key)
        #expect(initiator.handshakeHash == responder.handshakeHash)
        var sending = try initiator.transport()
        var receiving = try responder.transport()
        let ciphertext = try sending.encrypt(Array("hello".utf8))
        #expect(try receiving.decrypt(ciphertext) == Array("hello".utf8))
        #expect(try sending.decrypt(try receiving.encrypt([9, 9])) == [9, 9])
    }

    @Test func eachSideLearnsTheOthersStaticKey() throws {
        let key = NetworkKey.generate()
        let alice = NodeIdentity.generate()
        let bob = NodeIdentity.generate()
        var initiator = NoiseHandshake(
            role: .initiator, staticKey: alice.noiseStaticKey(), psk: key, prologue: prologue)
        var responder = NoiseHandshake(role: .responder, staticKey: bob.noiseStaticKey(), psk: key, prologue: prologue)
        _ = try responder.readMessage(try initiator.writeMessage())
        _ = try initiator.readMessage(try responder.writeMessage())
        _ = try responder.readMessage(try initiator.writeMessage())
        #expect(initiator.remoteStaticKey == NodeIdentity.noisePublicKey(of: bob.id))
        #expect(responder.remoteStaticKey == NodeIdentity.noisePublicKey(of: alice.id))
    }

    @Test func aDifferentNetworkKeyFailsAtTheThirdMessage() throws {
        var initiator = NoiseHandshake(
            role: .initiator, staticKey: .generate(), psk: .generate(), prologue: prologue)
        var responder = NoiseHandshake(
            role: .responder, staticKey: .generate(), psk: .generate(), prologue: prologue)
        _ = try responder.readMessage(try initiator.writeMessage())
        _ = try initiator.readMessage(try responder.writeMessage())
        #expect(throws: CryptoError(.decryptionFailed, "a message failed authentication")) {
            try responder.readMessage(try initiator.writeMessage())
        }
    }

    @Test func aTamperedTransportMessageFailsAuthentication() throws {
        let key = NetworkKey.generate()
        var (initiator, responder) = try handshake(initiatorKey: key, responderKey: key)
        var sending = try initiator.transport()
        var receiving = try responder.transport()
        var ciphertext = try sending.encrypt(Array("transfer 10 frags".utf8))
        ciphertext[3] ^= 0x01
        #expect(throws: CryptoError.self) { try receiving.decrypt(ciphertext) }
    }

    @Test func aTruncatedHandshakeMessageIsRejected() throws {
        var responder = NoiseHandshake(role: .responder, staticKey: .generate(), psk: .generate(), prologue: prologue)
        #expect(throws: CryptoError.self) { try responder.readMessage([1, 2, 3]) }
    }

    @Test func writingOutOfTurnIsRefused() throws {
        var responder = NoiseHandshake(role: .responder, staticKey: .generate(), psk: .generate(), prologue: prologue)
        #expect(throws: CryptoError.self) { try responder.writeMessage() }
    }
}
