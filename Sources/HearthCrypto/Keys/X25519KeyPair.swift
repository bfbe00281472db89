import CSodium

/// A Curve25519 Diffie-Hellman key pair (Noise's `25519` DH functions).
public struct X25519KeyPair: Sendable {
    public let publicKey: [UInt8]
    let secret: SecureBytes

    /// Builds the pair from a 32-byte secret and wipes the caller's copy.
    public init(secret bytes: inout [UInt8]) {
        _ = Sodium.ready
        precondition(bytes.count == 32, "an X25519 secret is 32 bytes")
        var publicKey = [UInt8](repeating: 0, count: 32)
        _ = crypto_scalarmult_base(&publicKey, bytes)
        self.publicKey = publicKey
        secret = SecureBytes(consuming: &bytes)
    }

    /// A new random key pair.
    public static func generate() -> X25519KeyPair {
        var bytes = secureRandomBytes(32)
        return X25519KeyPair(secret: &bytes)
    }

    /// DH(self, remote): the 32-byte shared secret.
    /// - Throws: `CryptoError.weakPublicKey` when `remote` is a low-order point.
    func sharedSecret(with remote: [UInt8]) throws -> [UInt8] {
        guard remote.count == 32 else { throw CryptoError(.malformedHandshakeMessage, "a public key is 32 bytes") }
        var shared = [UInt8](repeating: 0, count: 32)
        let status = secret.withUnsafeBytes { key in
            crypto_scalarmult(&shared, key.baseAddress!.assumingMemoryBound(to: UInt8.self), remote)
        }
        guard status == 0 else { throw CryptoError(.weakPublicKey, "the peer sent a weak public key") }
        return shared
    }
}
