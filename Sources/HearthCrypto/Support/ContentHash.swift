/// BLAKE2b-256 of `first` followed by `second`: the hash that chains each author's changes
/// (`prev` in a change body is the hash of the previous change's body and signature).
public func contentHash(_ first: [UInt8], _ second: [UInt8] = []) -> [UInt8] {
    Sodium.blake2b(first, second, length: 32)
}

/// Unkeyed BLAKE2b of `bytes` with an output of `length` bytes (16…64).
public func blake2b(_ bytes: [UInt8], length: Int) -> [UInt8] {
    Sodium.blake2b(bytes, length: length)
}
