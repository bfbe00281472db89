import CSodium

/// Noise `CipherState` with ChaCha20-Poly1305 (IETF): a 32-byte key and a 64-bit nonce.
///
/// The nonce is 4 zero bytes followed by the counter in little-endian, as the Noise spec says.
public struct NoiseCipherState: Sendable {
    private var key: SecureBytes?
    private var nonce: UInt64 = 0

    /// Authentication tag length added to every ciphertext.
    public static let tagLength = 16

    init() {}

    init(key bytes: inout [UInt8]) {
        key = SecureBytes(consuming: &bytes)
    }

    var hasKey: Bool { key != nil }

    mutating func initializeKey(_ bytes: inout [UInt8]) {
        key = SecureBytes(consuming: &bytes)
        nonce = 0
    }

    private func nonceBytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 12)
        var counter = nonce.littleEndian
        withUnsafeBytes(of: &counter) { raw in
            for index in 0..<8 { bytes[4 + index] = raw[index] }
        }
        return bytes
    }

    /// Encrypts `plaintext` with associated data `ad`; with no key yet, returns the plaintext.
    /// - Throws: `CryptoError.nonceExhausted` after 2^64-1 messages.
    public mutating func encrypt(ad: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        guard let key else { return plaintext }
        guard nonce < UInt64.max else { throw CryptoError(.nonceExhausted, "the link used up its nonces") }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + Self.tagLength)
        var length: UInt64 = 0
        let nonceBytes = nonceBytes()
        key.withUnsafeBytes { keyBytes in
            _ = crypto_aead_chacha20poly1305_ietf_encrypt(
                &ciphertext, &length, plaintext, UInt64(plaintext.count), ad, UInt64(ad.count), nil,
                nonceBytes, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        nonce += 1
        return ciphertext
    }

    /// Decrypts and authenticates `ciphertext`; with no key yet, returns it unchanged.
    /// - Throws: `CryptoError.decryptionFailed` if the tag does not verify (tampering or a wrong key).
    public mutating func decrypt(ad: [UInt8], ciphertext: [UInt8]) throws -> [UInt8] {
        guard let key else { return ciphertext }
        guard nonce < UInt64.max else { throw CryptoError(.nonceExhausted, "the link used up its nonces") }
        guard ciphertext.count >= Self.tagLength else {
            throw CryptoError(.decryptionFailed, "a ciphertext is shorter than its tag")
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - Self.tagLength)
        var length: UInt64 = 0
        let nonceBytes = nonceBytes()
        let status = key.withUnsafeBytes { keyBytes in
            crypto_aead_chacha20poly1305_ietf_decrypt(
                &plaintext, &length, nil, ciphertext, UInt64(ciphertext.count), ad, UInt64(ad.count),
                nonceBytes, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else {
            throw CryptoError(.decryptionFailed, "a message failed authentication")
        }
        nonce += 1
        return plaintext
    }
}
