import Foundation
import Testing

@testable import HearthCrypto

@Suite struct KeyTests {
    @Test func signaturesVerifyOnlyForTheSignedBytesAndSigner() {
        let alice = NodeIdentity.generate()
        let message = Array("change body".utf8)
        let signature = alice.sign(message)
        #expect(NodeIdentity.verify(signature: signature, of: message, by: alice.id))
        #expect(!NodeIdentity.verify(signature: signature, of: message + [0], by: alice.id))
        #expect(!NodeIdentity.verify(signature: signature, of: message, by: NodeIdentity.generate().id))
    }

    @Test func identityRoundTripsThroughItsSeed() throws {
        let identity = NodeIdentity.generate()
        var seed = identity.exportSeed()
        let restored = try NodeIdentity(seed: &seed)
        #expect(restored.id == identity.id)
        #expect(seed.allSatisfy { $0 == 0 }, "the caller's seed copy is wiped")
    }

    @Test func networkKeyDependsOnNameAndPassphrase() throws {
        let key = try NetworkKey.derive(networkName: "lanparty", passphrase: "correct horse")
        #expect(try NetworkKey.derive(networkName: "lanparty", passphrase: "correct horse").matches(key))
        #expect(!(try NetworkKey.derive(networkName: "lanparty", passphrase: "wrong horse").matches(key)))
        #expect(!(try NetworkKey.derive(networkName: "office", passphrase: "correct horse").matches(key)))
    }

    @Test func networkKeyMatchesTheProtocolVector() throws {
        struct Vector: Decodable {
            var network, passphrase, key, tag: String
            var sameKeySpellings: [String]
            var accentedComposed, accentedDecomposed, accentedKey: String
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/network-key.json")
        let vector = try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
        let key = try NetworkKey.derive(networkName: vector.network, passphrase: vector.passphrase)
        #expect(Hex.encode(key.exportBytes()) == vector.key)
        #expect(key.tag == vector.tag)
        for spelling in vector.sameKeySpellings {
            #expect(try NetworkKey.derive(networkName: vector.network, passphrase: spelling).matches(key))
        }
        for accented in [vector.accentedComposed, vector.accentedDecomposed] {
            let derived = try NetworkKey.derive(networkName: vector.network, passphrase: accented)
            #expect(
                Hex.encode(derived.exportBytes()) == vector.accentedKey,
                "NFC and trimmed: \(accented.unicodeScalars.count)")
        }
    }

    @Test func base32RoundTripsAndRejectsForeignCharacters() throws {
        for length in 0..<40 {
            let bytes = secureRandomBytes(length)
            #expect(try Base32.decode(Base32.encode(bytes)) == bytes)
        }
        #expect(throws: CryptoError.self) { try Base32.decode("not base32!") }
        #expect(throws: CryptoError.self, "control bytes are not digits") { try Base32.decode("\u{12}\u{13}") }
        #expect(try Base32.decode("MFRGG") == Base32.decode("mfrgg"))
    }

    @Test func nodeIDRoundTripsThroughText() throws {
        let id = NodeIdentity.generate().id
        #expect(try NodeID(base32: id.description) == id)
        #expect(id.short.count == 8)
    }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func decode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}

enum ProtocolVectors {
    /// Reads a vector from `Protocol/vectors` (the spec's own copy, not a test-only one).
    static func load(_ name: String) throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/\(name)")
        return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
    }
}
