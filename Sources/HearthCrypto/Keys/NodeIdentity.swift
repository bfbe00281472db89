import CSodium

/// A node's Ed25519 key pair: signs changes, and in its X25519 form authenticates Noise links.
public struct NodeIdentity: Sendable {
    /// The public half, which is the node id.
    public let id: NodeID
    private let seed: SecureBytes
    private let secretKey: SecureBytes

    /// Makes a new random identity.
    public static func generate() -> NodeIdentity {
        var seed = secureRandomBytes(32)
        return try! NodeIdentity(seed: &seed)
    }

    /// Rebuilds the identity from its 32-byte seed and wipes the caller's copy.
    /// - Throws: `CryptoError.invalidKey` unless the seed is 32 bytes.
    public init(seed: inout [UInt8]) throws {
        _ = Sodium.ready
        guard seed.count == 32 else {
            throw CryptoError(.invalidKey, "an identity seed is 32 bytes, got \(seed.count)")
        }
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secret = [UInt8](repeating: 0, count: 64)
        guard crypto_sign_seed_keypair(&publicKey, &secret, seed) == 0 else {
            throw CryptoError(.invalidKey, "crypto_sign_seed_keypair failed")
        }
        id = try NodeID(bytes: publicKey)
        self.seed = SecureBytes(consuming: &seed)
        secretKey = SecureBytes(consuming: &secret)
    }

    /// The seed to store (the caller wipes it after writing).
    public func exportSeed() -> [UInt8] { seed.copyBytes() }

    /// An Ed25519 signature (64 bytes) of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        secretKey.withUnsafeBytes { key in
            _ = crypto_sign_detached(
                &signature, nil, message, UInt64(message.count),
                key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by `signer`.
    public static func verify(signature: [UInt8], of message: [UInt8], by signer: NodeID) -> Bool {
        _ = Sodium.ready
        guard signature.count == 64 else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), signer.bytes) == 0
    }

    /// The X25519 key pair used as this node's Noise static key.
    public func noiseStaticKey() -> X25519KeyPair {
        var curveSecret = [UInt8](repeating: 0, count: 32)
        secretKey.withUnsafeBytes { key in
            _ = crypto_sign_ed25519_sk_to_curve25519(&curveSecret, key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return X25519KeyPair(secret: &curveSecret)
    }

    /// The X25519 public key that belongs to a node id, or nil if the id is not a valid curve point.
    public static func noisePublicKey(of id: NodeID) -> [UInt8]? {
        _ = Sodium.ready
        var curvePublic = [UInt8](repeating: 0, count: 32)
        guard crypto_sign_ed25519_pk_to_curve25519(&curvePublic, id.bytes) == 0 else { return nil }
        return curvePublic
    }
}
