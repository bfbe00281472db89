import HearthCrypto
import HearthStore

/// The id of a replicated object: 16 bytes, derived so that every node computes the same one
/// (`Protocol/objects.md`).
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    public static let length = 16
    public let bytes: [UInt8]

    /// - Throws: `NodeError.invalidArgument` unless `bytes` is 16 bytes long.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.length else {
            throw NodeError(.invalidArgument, "an object id is \(Self.length) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Sixteen zero bytes: what a creating `NewOp` holds until its object is named.
    static let placeholder = try! ObjectID(bytes: [UInt8](repeating: 0, count: length))

    private init(hashing parts: [UInt8]...) {
        bytes = blake2b(parts.flatMap { $0 }, length: Self.length)
    }

    /// The object of `kind` that a name identifies, such as a chat channel: concurrent creations
    /// of one name are one object.
    public static func named(_ name: String, kind: String) -> ObjectID {
        ObjectID(hashing: Array("hearth/object/named/".utf8), Array(kind.utf8), [0], Array(name.utf8))
    }

    /// The object of `kind` that belongs to one node, such as its profile.
    public static func owned(by owner: NodeID, kind: String) -> ObjectID {
        ObjectID(hashing: Array("hearth/object/owned/".utf8), Array(kind.utf8), [0], owner.bytes)
    }

    /// The object of `kind` that op `creator` created, such as a document.
    public static func created(by creator: OpKey, kind: String) -> ObjectID {
        ObjectID(
            hashing: Array("hearth/object/created/".utf8), Array(kind.utf8), [0], creator.author,
            creator.seq.bigEndianBytes, creator.index.bigEndianBytes)
    }

    public var description: String { Base32.encode(bytes) }
}

extension FixedWidthInteger {
    var bigEndianBytes: [UInt8] { withUnsafeBytes(of: self.bigEndian) { Array($0) } }
}
