import HearthCRDT
import HearthObjectsModels

/// The body of an op of kind `crdt.<type>` (`Protocol/apps/crdt.md`): the object's creation,
/// with its title, or one CRDT op.
enum ObjectOpBody: Sendable, Equatable {
    case create(title: String)
    case update(CRDTOp)

    static let createTag: UInt64 = 0
    static let updateTag: UInt64 = 1

    /// - Throws: `CRDTDecodingError` for bytes that are not a body of `kind`.
    init(kind: ObjectKind, bytes: [UInt8]) throws {
        var reader = BinaryReader(bytes)
        let start = reader.offset
        switch try reader.readVarint() {
        case Self.createTag:
            self = .create(title: try reader.readString())
            try reader.expectEnd()
        case Self.updateTag:
            self = .update(try CRDTOp(kind: kind, reading: &reader))
        case let other:
            throw CRDTDecodingError.unknownTag(UInt8(truncatingIfNeeded: other), at: start)
        }
    }

    var encoded: [UInt8] {
        var writer = BinaryWriter()
        switch self {
        case .create(let title):
            writer.write(varint: Self.createTag)
            writer.write(string: title)
        case .update(let op):
            writer.write(varint: Self.updateTag)
            op.encode(to: &writer)
        }
        return writer.bytes
    }
}
