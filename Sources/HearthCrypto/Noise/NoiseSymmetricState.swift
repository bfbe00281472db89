/// Noise `SymmetricState` with BLAKE2b (HASHLEN 64, BLOCKLEN 128) and HMAC-based HKDF.
struct NoiseSymmetricState {
    static let hashLength = 64
    private static let blockLength = 128

    private(set) var cipher = NoiseCipherState()
    private var chainingKey: [UInt8]
    private(set) var handshakeHash: [UInt8]

    init(protocolName: String) {
        let name = Array(protocolName.utf8)
        if name.count <= Self.hashLength {
            handshakeHash = name + [UInt8](repeating: 0, count: Self.hashLength - name.count)
        } else {
            handshakeHash = Sodium.blake2b(name)
        }
        chainingKey = handshakeHash
    }

    mutating func wipeSecrets() {
        wipe(&chainingKey)
    }

    mutating func mixHash(_ data: [UInt8]) {
        handshakeHash = Sodium.blake2b(handshakeHash, data)
    }

    mutating func mixKey(_ inputKeyMaterial: [UInt8]) {
        var outputs = Self.hkdf(chainingKey: chainingKey, input: inputKeyMaterial, count: 2)
        wipe(&chainingKey)
        chainingKey = outputs[0]
        var key = Array(outputs[1].prefix(32))
        wipe(&outputs[1])
        cipher.initializeKey(&key)
    }

    mutating func mixKeyAndHash(_ inputKeyMaterial: [UInt8]) {
        var outputs = Self.hkdf(chainingKey: chainingKey, input: inputKeyMaterial, count: 3)
        wipe(&chainingKey)
        chainingKey = outputs[0]
        mixHash(outputs[1])
        var key = Array(outputs[2].prefix(32))
        wipe(&outputs[2])
        cipher.initializeKey(&key)
    }

    mutating func encryptAndHash(_ plaintext: [UInt8]) throws -> [UInt8] {
        let ciphertext = try cipher.encrypt(ad: handshakeHash, plaintext: plaintext)
        mixHash(ciphertext)
        return ciphertext
    }

    mutating func decryptAndHash(_ ciphertext: [UInt8]) throws -> [UInt8] {
        let plaintext = try cipher.decrypt(ad: handshakeHash, ciphertext: ciphertext)
        mixHash(ciphertext)
        return plaintext
    }

    /// The two transport cipher states: (initiator → responder, responder → initiator).
    mutating func split() -> (NoiseCipherState, NoiseCipherState) {
        var outputs = Self.hkdf(chainingKey: chainingKey, input: [], count: 2)
        var first = Array(outputs[0].prefix(32))
        var second = Array(outputs[1].prefix(32))
        wipe(&outputs[0])
        wipe(&outputs[1])
        wipeSecrets()
        return (NoiseCipherState(key: &first), NoiseCipherState(key: &second))
    }

    /// HMAC-BLAKE2b as defined in RFC 2104, with BLAKE2b-512 and a 128-byte block.
    static func hmac(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var block = key.count > blockLength ? Sodium.blake2b(key) : key
        block += [UInt8](repeating: 0, count: blockLength - block.count)
        var inner = block.map { $0 ^ 0x36 }
        var outer = block.map { $0 ^ 0x5c }
        defer {
            wipe(&block)
            wipe(&inner)
            wipe(&outer)
        }
        return Sodium.blake2b(outer, Sodium.blake2b(inner, data))
    }

    /// Noise's HKDF: 2 or 3 outputs of HASHLEN bytes.
    static func hkdf(chainingKey: [UInt8], input: [UInt8], count: Int) -> [[UInt8]] {
        var tempKey = hmac(key: chainingKey, data: input)
        defer { wipe(&tempKey) }
        var outputs: [[UInt8]] = []
        var previous: [UInt8] = []
        for index in 1...count {
            previous = hmac(key: tempKey, data: previous + [UInt8(index)])
            outputs.append(previous)
        }
        return outputs
    }
}
