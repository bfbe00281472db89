import CSodium

/// Process-wide libsodium initialisation and the small primitives the rest of the module shares.
enum Sodium {
    /// Runs `sodium_init` exactly once; every public entry point of the module touches this first.
    static let ready: Void = {
        guard sodium_init() >= 0 else { fatalError("libsodium failed to initialise") }
    }()

    /// BLAKE2b of the concatenation of `parts`, with an output of `length` bytes (16…64).
    static func blake2b(_ parts: [UInt8]..., length: Int = 64, key: [UInt8] = []) -> [UInt8] {
        _ = ready
        var input: [UInt8] = []
        input.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { input += part }
        var out = [UInt8](repeating: 0, count: length)
        let status = key.withUnsafeBufferPointer { keyBuffer in
            crypto_generichash(
                &out, length, input, UInt64(input.count),
                key.isEmpty ? nil : keyBuffer.baseAddress, key.count)
        }
        precondition(status == 0, "crypto_generichash rejected its parameters")
        return out
    }
}

/// Cryptographically secure random bytes.
public func secureRandomBytes(_ count: Int) -> [UInt8] {
    _ = Sodium.ready
    var bytes = [UInt8](repeating: 0, count: count)
    randombytes_buf(&bytes, count)
    return bytes
}

/// Overwrites `bytes` with zeros in a way the optimiser does not remove.
public func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
    }
}

/// Compares two byte strings in constant time (for equal lengths).
public func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    _ = Sodium.ready
    return sodium_memcmp(lhs, rhs, lhs.count) == 0
}
