/// The pair of cipher states that protect a link after the handshake.
public struct NoiseTransport: Sendable {
    private var sending: NoiseCipherState
    private var receiving: NoiseCipherState

    /// Largest plaintext that fits one Noise transport message.
    public static let maxPlaintextLength = NoiseHandshake.maxMessageLength - NoiseCipherState.tagLength

    init(sending: NoiseCipherState, receiving: NoiseCipherState) {
        self.sending = sending
        self.receiving = receiving
    }

    /// Encrypts one transport message (at most `maxPlaintextLength` bytes of plaintext).
    /// - Throws: `CryptoError.messageTooLarge` for a longer plaintext.
    public mutating func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        guard plaintext.count <= Self.maxPlaintextLength else {
            throw CryptoError(.messageTooLarge, "a transport message holds at most \(Self.maxPlaintextLength) bytes")
        }
        return try sending.encrypt(ad: [], plaintext: plaintext)
    }

    /// Decrypts and authenticates one transport message.
    /// - Throws: `CryptoError.decryptionFailed` if it was tampered with or is out of order.
    public mutating func decrypt(_ ciphertext: [UInt8]) throws -> [UInt8] {
        try receiving.decrypt(ad: [], ciphertext: ciphertext)
    }
}

extension NoiseTransport {
    /// The sending and receiving halves, so a writer task and a reader task can each own one.
    public consuming func halves() -> (sender: NoiseCipherState, receiver: NoiseCipherState) {
        (sending, receiving)
    }
}
