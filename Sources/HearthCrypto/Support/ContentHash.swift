/// BLAKE2b-256 of `first` followed by `second`: the hash that chains each author's changes
/// (`prev` in a change body is the hash of the previous change's body and signature).
public func contentHash(_ first: [UInt8], _ second: [UInt8] = []) -> [UInt8] {
    Sodium.blake2b(first, second, length: 32)
}
