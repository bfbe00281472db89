import CSodium

/// Content only chosen members can read (`Protocol/apps/chat.md`, "Direct messages"): a fresh
/// 32-byte key per message encrypts the content with XChaCha20-Poly1305 (IETF), and that key is
/// sealed to each member's X25519 key (the Ed25519 node id in its curve form) with libsodium's
/// `crypto_box_seal`.
public enum SealedContent {
    public static let keyBytes = 32
    public static let nonceBytes = 24
    /// A sealed key: the ephemeral public key, the encrypted key and its tag.
    public static let sealedKeyBytes = 32 + 48
    /// What encryption adds to the content: the Poly1305 tag.
    public static let tagBytes = 16

    public static let commitmentBytes = 32

    /// What a sender signs about the content key, so that every member checks it opened the same
    /// key (XChaCha20-Poly1305 alone does not commit to its key): BLAKE2b-256 of
    /// `"hearth/dm-key/1"` ‖ 0x00 ‖ key.
    public static func commitment(to key: [UInt8]) -> [UInt8] {
        Sodium.blake2b(Array("hearth/dm-key/1".utf8) + [0] + key, length: commitmentBytes)
    }

    /// A new random content key.
    public static func newKey() -> [UInt8] { secureRandomBytes(keyBytes) }

    /// A new random nonce (24 bytes: random nonces cannot collide in practice).
    public static func newNonce() -> [UInt8] { secureRandomBytes(nonceBytes) }

    /// Seals `key` to `member`: only the holder of `member`'s identity can open it.
    /// - Throws: `CryptoError.invalidKey` when the id is not a valid curve point.
    public static func sealKey(_ key: [UInt8], to member: NodeID) throws -> [UInt8] {
        guard let curve = NodeIdentity.noisePublicKey(of: member) else {
            throw CryptoError(.invalidKey, "node id \(member.short) has no X25519 form")
        }
        var sealed = [UInt8](repeating: 0, count: key.count + 48)
        guard crypto_box_seal(&sealed, key, UInt64(key.count), curve) == 0 else {
            throw CryptoError(.invalidKey, "crypto_box_seal failed")
        }
        return sealed
    }

    /// Opens a key sealed to `identity`; nil when it was sealed to someone else or altered.
    public static func openKey(_ sealed: [UInt8], with identity: NodeIdentity) -> [UInt8]? {
        guard sealed.count == sealedKeyBytes else { return nil }
        let pair = identity.noiseStaticKey()
        var key = [UInt8](repeating: 0, count: keyBytes)
        let status = pair.secret.withUnsafeBytes { secret in
            crypto_box_seal_open(
                &key, sealed, UInt64(sealed.count), pair.publicKey,
                secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return status == 0 ? key : nil
    }

    /// Encrypts `plaintext`, binding `associatedData` (authenticated, not encrypted).
    public static func encrypt(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) -> [UInt8] {
        precondition(key.count == keyBytes && nonce.count == nonceBytes)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagBytes)
        var length: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &ciphertext, &length, plaintext, UInt64(plaintext.count), associatedData, UInt64(associatedData.count), nil,
            nonce, key)
        precondition(status == 0, "XChaCha20-Poly1305 encryption failed")
        return ciphertext
    }

    /// Decrypts; nil when the key, nonce or associated data is wrong or a byte was altered.
    public static func decrypt(_ ciphertext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8])
        -> [UInt8]?
    {
        guard key.count == keyBytes, nonce.count == nonceBytes, ciphertext.count >= tagBytes else { return nil }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - tagBytes)
        var length: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &plaintext, &length, nil, ciphertext, UInt64(ciphertext.count), associatedData,
            UInt64(associatedData.count), nonce, key)
        return status == 0 ? plaintext : nil
    }
}
