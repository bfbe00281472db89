/// An edit of a `TextDocument`, as it travels between replicas.
public enum TextOp: BinaryCodable, Equatable, Sendable {
    /// `text` inserted with consecutive ids from `id`; the first character was made between
    /// `originLeft` and `originRight`, each further one right after the one before it.
    case insert(id: OpID, originLeft: OpID?, originRight: OpID?, text: String)
    /// `count` characters placed like `insert`'s that had already been deleted when the op was
    /// made up, so their content is not carried (a replica catching up needs their places, not
    /// their text).
    case insertDeleted(id: OpID, originLeft: OpID?, originRight: OpID?, count: Int)
    /// Deletes `count` characters with consecutive ids from each range's `first`. A delete takes
    /// no id of its own, so the characters its author types next continue the counters of the
    /// ones before, and deleting a character twice is the same as once.
    case delete(ranges: DeletedRanges)
    /// A delete as documents before deletes without ids made it: an op with a counter of its
    /// author's. Still read and applied exactly as `delete` (the document ignores its id; the
    /// `crdt` app still counts it among its author's counters), never made.
    case countedDelete(id: OpID, ranges: DeletedRanges)

    public struct DeletedRange: BinaryCodable, Equatable, Sendable {
        public var first: OpID
        public var count: Int

        public init(first: OpID, count: Int) {
            self.first = first
            self.count = count
        }

        public func encode(to writer: inout BinaryWriter) {
            first.encode(to: &writer)
            writer.write(varint: UInt64(count))
        }

        public init(from reader: inout BinaryReader) throws {
            first = try OpID(from: &reader)
            count = try reader.readCount(limit: 1 << 30)
            guard count > 0 else { throw CRDTDecodingError.invalidValue("an empty deleted range") }
        }
    }

    /// The most characters one `insertDeleted` may place: they cost memory on every replica but
    /// no bytes on the wire, so longer deleted runs travel as several ops.
    public static let maxDeletedRun = 1 << 16

    /// Tag bytes, shared with `TextOpBatch`.
    enum Tag: UInt8 {
        case insert = 0
        case countedDelete = 1
        case insertDeleted = 2
        case delete = 3
        /// Batch only: an insert that continues the entry before it (`TextOpBatch`).
        case continuedInsert = 4
        /// Batch only: an insert of deleted characters that continues the entry before it.
        case continuedInsertDeleted = 5
    }

    /// The op's own id: its first character's for an insert, none for a delete.
    public var id: OpID? {
        switch self {
        case .insert(let id, _, _, _), .insertDeleted(let id, _, _, _), .countedDelete(let id, _): id
        case .delete: nil
        }
    }

    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .insert(let id, let left, let right, let text):
            writer.write(byte: Tag.insert.rawValue)
            id.encode(to: &writer)
            left.encode(to: &writer)
            right.encode(to: &writer)
            writer.write(string: text)
        case .insertDeleted(let id, let left, let right, let count):
            writer.write(byte: Tag.insertDeleted.rawValue)
            id.encode(to: &writer)
            left.encode(to: &writer)
            right.encode(to: &writer)
            writer.write(varint: UInt64(count))
        case .delete(let ranges):
            writer.write(byte: Tag.delete.rawValue)
            ranges.encode(to: &writer)
        case .countedDelete(let id, let ranges):
            writer.write(byte: Tag.countedDelete.rawValue)
            id.encode(to: &writer)
            ranges.encode(to: &writer)
        }
    }

    public init(from reader: inout BinaryReader) throws {
        let start = reader.offset
        let byte = try reader.readByte()
        switch Tag(rawValue: byte) {
        case .insert:
            let id = try OpID(from: &reader)
            let left = try OpID?(from: &reader)
            let right = try OpID?(from: &reader)
            let text = try reader.readString()
            guard !text.isEmpty else { throw CRDTDecodingError.invalidValue("an empty insert") }
            self = .insert(id: id, originLeft: left, originRight: right, text: text)
        case .insertDeleted:
            let id = try OpID(from: &reader)
            let left = try OpID?(from: &reader)
            let right = try OpID?(from: &reader)
            let count = try reader.readCount(limit: TextOp.maxDeletedRun)
            guard count > 0 else { throw CRDTDecodingError.invalidValue("an empty insert") }
            self = .insertDeleted(id: id, originLeft: left, originRight: right, count: count)
        case .delete:
            self = .delete(ranges: try DeletedRanges(from: &reader))
        case .countedDelete:
            let id = try OpID(from: &reader)
            self = .countedDelete(id: id, ranges: try DeletedRanges(from: &reader))
        case .continuedInsert, .continuedInsertDeleted, nil:
            throw CRDTDecodingError.unknownTag(byte, at: start)
        }
    }
}

/// What a remote op did to the visible text, for editors and cursors (positions in Unicode
/// scalars, each edit relative to the text after the edits before it).
public enum TextEdit: Equatable, Sendable {
    case insert(at: Int, text: String)
    case delete(at: Int, count: Int)
}
