/// What every Hearth CRDT offers: ops made locally or received are applied with `apply`
/// (idempotent, and commutative for causally ready ops), `ops(since:)` yields what a replica
/// that has seen `vector` lacks, and the whole state encodes to bytes that are identical on every
/// replica that has applied the same ops.
public protocol ReplicatedType: Equatable, Sendable, BinaryCodable {
    associatedtype Op: BinaryCodable & Equatable

    /// Applies an op; applying it again changes nothing.
    mutating func apply(_ op: Op)

    /// Ops enough to bring a replica that has seen `vector` of this object's ops up to date.
    func ops(since vector: VersionVector<ReplicaID>) -> [Op]
}

extension ReplicatedType {
    public mutating func apply(_ ops: [Op]) {
        for op in ops { apply(op) }
    }
}

/// The leading byte of every encoded state, so the format can change later.
enum EncodingVersion {
    static let current: UInt64 = 1

    static func read(_ reader: inout BinaryReader) throws {
        let version = try reader.readVarint()
        guard version == current else { throw CRDTDecodingError.unsupportedVersion(version) }
    }
}
