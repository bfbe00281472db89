/// A node's identity: its 32-byte Ed25519 public key.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw public key.
    public let bytes: [UInt8]

    /// - Throws: `CryptoError.invalidKey` unless `bytes` is 32 bytes long.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw CryptoError(.invalidKey, "a node id is 32 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Parses the full base32 form produced by `description`.
    /// - Throws: `CryptoError` if the text is not 52 base32 characters of a 32-byte key.
    public init(base32 text: String) throws {
        try self.init(bytes: try Base32.decode(text))
    }

    /// The full id, 52 lowercase base32 characters.
    public var description: String { Base32.encode(bytes) }

    /// The first 8 characters of the id: enough to tell nodes apart on screen.
    public var short: String { String(description.prefix(8)) }

    /// The key's bytes in one go: the synthesised hash feeds them one at a time, and node ids key
    /// the dictionaries that sync consults several times per received change.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
