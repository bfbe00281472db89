/// The `Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b` handshake (Noise spec revision 34).
///
/// ```
/// -> e
/// <- e, ee, s, es
/// -> s, se, psk
/// ```
/// Call `writeMessage` / `readMessage` alternately, starting with the initiator's write; after
/// the third message `isComplete` is true and `transport()` yields the cipher pair.
/// The message layouts are in `Protocol/handshake.md`.
public struct NoiseHandshake {
    public enum Role: Sendable { case initiator, responder }

    public static let protocolName = "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b"
    /// Largest Noise message, ciphertext included.
    public static let maxMessageLength = 65535

    public let role: Role
    private var symmetric: NoiseSymmetricState
    private let localStatic: X25519KeyPair
    private var localEphemeral: X25519KeyPair?
    private var presetEphemeral: X25519KeyPair?
    private var psk: SecureBytes
    private var step = 0

    /// The peer's static X25519 key, known after message 2 (initiator) or 3 (responder).
    public private(set) var remoteStaticKey: [UInt8]?
    private var remoteEphemeral: [UInt8]?

    /// - Parameters:
    ///   - role: initiator (dialler) or responder.
    ///   - staticKey: this node's static key, normally `NodeIdentity.noiseStaticKey()`.
    ///   - psk: the network key.
    ///   - prologue: bytes both sides must agree on (`hearth/1`).
    ///   - ephemeral: a fixed ephemeral key, for test vectors only.
    public init(
        role: Role, staticKey: X25519KeyPair, psk: NetworkKey, prologue: [UInt8],
        ephemeral: X25519KeyPair? = nil
    ) {
        self.role = role
        localStatic = staticKey
        self.psk = psk.secret
        presetEphemeral = ephemeral
        symmetric = NoiseSymmetricState(protocolName: Self.protocolName)
        symmetric.mixHash(prologue)
    }

    /// Whether all three messages have been processed.
    public var isComplete: Bool { step == 3 }

    /// The handshake hash `h`, which both sides share once complete (channel binding).
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    /// Whether it is this side's turn to write.
    public var isMyTurnToWrite: Bool {
        switch role {
        case .initiator: step == 0 || step == 2
        case .responder: step == 1
        }
    }

    /// Produces the next handshake message carrying `payload`.
    /// - Throws: `CryptoError.handshakeOutOfOrder` when it is the peer's turn.
    public mutating func writeMessage(payload: [UInt8] = []) throws -> [UInt8] {
        guard isMyTurnToWrite else { throw CryptoError(.handshakeOutOfOrder, "not this side's turn to write") }
        var out: [UInt8] = []
        switch step {
        case 0:
            out += writeEphemeral()
        case 1:
            out += writeEphemeral()
            try symmetric.mixKey(dh(localEphemeral!, remoteEphemeral!))  // ee
            out += try symmetric.encryptAndHash(localStatic.publicKey)  // s
            try symmetric.mixKey(dh(localStatic, remoteEphemeral!))  // es
        default:
            out += try symmetric.encryptAndHash(localStatic.publicKey)  // s
            try symmetric.mixKey(dh(localStatic, remoteEphemeral!))  // se
            symmetric.mixKeyAndHash(psk.copyBytes())  // psk
        }
        out += try symmetric.encryptAndHash(payload)
        guard out.count <= Self.maxMessageLength else {
            throw CryptoError(.messageTooLarge, "a handshake message exceeds 65535 bytes")
        }
        step += 1
        return out
    }

    /// Consumes the peer's next handshake message and returns its payload.
    /// - Throws: `CryptoError.malformedHandshakeMessage` for a short message,
    ///   `CryptoError.decryptionFailed` when authentication fails (for message 3 that means a
    ///   different network key), `CryptoError.handshakeOutOfOrder` when it is this side's turn.
    public mutating func readMessage(_ message: [UInt8]) throws -> [UInt8] {
        guard !isMyTurnToWrite, step < 3 else {
            throw CryptoError(.handshakeOutOfOrder, "not the peer's turn to write")
        }
        var rest = message[...]
        func take(_ count: Int) throws -> [UInt8] {
            guard rest.count >= count else {
                throw CryptoError(.malformedHandshakeMessage, "handshake message \(step + 1) is too short")
            }
            defer { rest = rest.dropFirst(count) }
            return Array(rest.prefix(count))
        }
        let keyLength = 32
        let sealedKeyLength = keyLength + NoiseCipherState.tagLength
        switch step {
        case 0:
            readEphemeral(try take(keyLength))
        case 1:
            readEphemeral(try take(keyLength))
            try symmetric.mixKey(dh(localEphemeral!, remoteEphemeral!))  // ee
            remoteStaticKey = try symmetric.decryptAndHash(try take(sealedKeyLength))  // s
            try symmetric.mixKey(dh(localEphemeral!, remoteStaticKey!))  // es
        default:
            remoteStaticKey = try symmetric.decryptAndHash(try take(sealedKeyLength))  // s
            try symmetric.mixKey(dh(localEphemeral!, remoteStaticKey!))  // se
            symmetric.mixKeyAndHash(psk.copyBytes())  // psk
        }
        let payload = try symmetric.decryptAndHash(Array(rest))
        step += 1
        return payload
    }

    /// Splits into transport ciphers once the handshake is complete.
    /// - Throws: `CryptoError.handshakeOutOfOrder` before message 3.
    public mutating func transport() throws -> NoiseTransport {
        guard isComplete else { throw CryptoError(.handshakeOutOfOrder, "the handshake is not complete") }
        let (initiatorToResponder, responderToInitiator) = symmetric.split()
        localEphemeral = nil
        switch role {
        case .initiator:
            return NoiseTransport(sending: initiatorToResponder, receiving: responderToInitiator)
        case .responder:
            return NoiseTransport(sending: responderToInitiator, receiving: initiatorToResponder)
        }
    }

    private mutating func writeEphemeral() -> [UInt8] {
        let ephemeral = presetEphemeral ?? X25519KeyPair.generate()
        presetEphemeral = nil
        localEphemeral = ephemeral
        symmetric.mixHash(ephemeral.publicKey)
        symmetric.mixKey(ephemeral.publicKey)  // PSK handshakes mix `e` into the key too
        return ephemeral.publicKey
    }

    private mutating func readEphemeral(_ key: [UInt8]) {
        remoteEphemeral = key
        symmetric.mixHash(key)
        symmetric.mixKey(key)
    }

    private func dh(_ local: X25519KeyPair, _ remote: [UInt8]) throws -> [UInt8] {
        try local.sharedSecret(with: remote)
    }
}
