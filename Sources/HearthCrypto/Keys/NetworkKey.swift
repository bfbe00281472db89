import CSodium
import Foundation

/// The 32-byte secret shared by every member of one network; it is the Noise PSK.
///
/// Derivation is specified in `Protocol/identity.md`.
public struct NetworkKey: Sendable {
    let secret: SecureBytes

    /// Wraps an existing key (from an invite or the data folder) and wipes the caller's copy.
    /// - Throws: `CryptoError.invalidKey` unless the key is 32 bytes.
    public init(bytes: inout [UInt8]) throws {
        guard bytes.count == 32 else {
            throw CryptoError(.invalidKey, "a network key is 32 bytes, got \(bytes.count)")
        }
        secret = SecureBytes(consuming: &bytes)
    }

    /// The passphrase as it is hashed: without leading and trailing white space (so a file
    /// ending in CRLF or a typed trailing space gives the same network), in Unicode NFC (so
    /// "é" typed as one or as two code points does too). `Protocol/identity.md`.
    public static func normalised(passphrase: String) -> String {
        let trimmed = passphrase.unicodeScalars.drop { $0.properties.isWhitespace }.reversed()
            .drop { $0.properties.isWhitespace }.reversed()
        return String(String.UnicodeScalarView(trimmed)).precomposedStringWithCanonicalMapping
    }

    /// A fresh random key, for a network created without a passphrase.
    public static func generate() -> NetworkKey {
        var bytes = secureRandomBytes(32)
        return try! NetworkKey(bytes: &bytes)
    }

    /// Argon2id (interactive limits) of the passphrase, salted with the network name.
    /// - Throws: `CryptoError.keyDerivationFailed` if Argon2id cannot get its memory.
    public static func derive(networkName: String, passphrase: String) throws -> NetworkKey {
        _ = Sodium.ready
        let salt = Sodium.blake2b(Array(("hearth/network/" + networkName).utf8), length: 16)
        var key = [UInt8](repeating: 0, count: 32)
        var password = Array(normalised(passphrase: passphrase).utf8)
        defer { wipe(&password) }
        let status = password.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { chars in
                crypto_pwhash(
                    &key, 32, chars.baseAddress!, UInt64(chars.count), salt,
                    UInt64(crypto_pwhash_opslimit_interactive()), crypto_pwhash_memlimit_interactive(),
                    crypto_pwhash_alg_argon2id13())
            }
        }
        guard status == 0 else {
            throw CryptoError(.keyDerivationFailed, "Argon2id could not derive the network key (out of memory?)")
        }
        return try NetworkKey(bytes: &key)
    }

    /// A copy of the key; the caller wipes it after use.
    public func exportBytes() -> [UInt8] { secret.copyBytes() }

    /// The public 8-byte tag of the network (hex), for discovery records: keyed BLAKE2b, never the key.
    public var tag: String { tagBytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() }

    /// The tag's 8 bytes, as presence records carry it.
    public var tagBytes: [UInt8] {
        var key = secret.copyBytes()
        defer { wipe(&key) }
        return Array(Sodium.blake2b(Array("hearth/network-tag".utf8), length: 16, key: key).prefix(8))
    }

    /// Whether two keys are equal, compared in constant time.
    public func matches(_ other: NetworkKey) -> Bool {
        var lhs = exportBytes()
        var rhs = other.exportBytes()
        defer {
            wipe(&lhs)
            wipe(&rhs)
        }
        return constantTimeEqual(lhs, rhs)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
