/// Many text ops in one compact encoding (a history, a catch-up, a saved state): each replica id
/// once in a table, counters as differences from the op before, origins relative to the op's
/// own id, an insert that continues the one before it in a byte or two, and the inserted text as
/// one UTF-8 string. Specified in `Protocol/crdt-encoding.md`.
///
/// In memory the batch stays in that shape (ops referring to the replica table and to byte
/// ranges of the text), so a document applies a decoded batch without building an op, a string
/// or an array per edit.
public struct TextOpBatch: BinaryCodable, Equatable, Sendable {
    var replicas: [ReplicaID] = []
    var text: [UInt8] = []
    var entries: [Entry] = []
    /// The deleted ranges of every delete, in order.
    var ranges: [Range] = []
    /// The version the batch was read in (the current one for a batch built here).
    private(set) var decodedVersion = TextOpBatch.version

    /// An id in a batch: an index into `replicas` (-1: none) and a counter.
    struct Reference: Equatable {
        var replica: Int32
        var counter: UInt64

        static let none = Reference(replica: -1, counter: 0)
    }

    struct Entry: Equatable {
        enum Kind: Equatable {
            case insert
            case insertDeleted
            /// A delete; with an id (not `.none`) a counted one.
            case delete
        }

        var kind: Kind
        /// The first character's id, a counted delete's id, or `.none` for a delete.
        var id: Reference
        var left: Reference = .none
        var right: Reference = .none
        /// Scalars inserted, characters placed deleted, or the number of deleted ranges.
        var count: Int
        /// An insert's text is `text[start..<end]`; a delete's ranges are `ranges[start..<start + count]`.
        var start = 0
        var end = 0
    }

    struct Range: Equatable {
        var first: Reference
        var count: Int
    }

    public init(_ ops: [TextOp]) {
        var table: [ReplicaID: Int32] = [:]
        func reference(_ id: OpID?) -> Reference {
            guard let id else { return .none }
            if let index = table[id.replica] { return Reference(replica: index, counter: id.counter) }
            let index = Int32(replicas.count)
            table[id.replica] = index
            replicas.append(id.replica)
            return Reference(replica: index, counter: id.counter)
        }
        entries.reserveCapacity(ops.count)
        for op in ops {
            switch op {
            case .insert(let id, let left, let right, let content):
                let start = text.count
                text += content.utf8
                entries.append(
                    Entry(
                        kind: .insert, id: reference(id), left: reference(left), right: reference(right),
                        count: content.unicodeScalars.count, start: start, end: text.count))
            case .insertDeleted(let id, let left, let right, let count):
                entries.append(
                    Entry(
                        kind: .insertDeleted, id: reference(id), left: reference(left), right: reference(right),
                        count: count))
            case .delete(let deleted):
                entries.append(Entry(kind: .delete, id: .none, count: deleted.count, start: ranges.count))
                for range in deleted { ranges.append(Range(first: reference(range.first), count: range.count)) }
            case .countedDelete(let id, let deleted):
                entries.append(Entry(kind: .delete, id: reference(id), count: deleted.count, start: ranges.count))
                for range in deleted { ranges.append(Range(first: reference(range.first), count: range.count)) }
            }
        }
    }

    public var ops: [TextOp] { entries.map(op) }

    public var isEmpty: Bool { entries.isEmpty }

    func opID(_ reference: Reference) -> OpID? {
        reference.replica < 0 ? nil : OpID(replicas[Int(reference.replica)], reference.counter)
    }

    func op(_ entry: Entry) -> TextOp {
        switch entry.kind {
        case .insert:
            return .insert(
                id: opID(entry.id)!, originLeft: opID(entry.left), originRight: opID(entry.right),
                text: String(decoding: text[entry.start..<entry.end], as: UTF8.self))
        case .insertDeleted:
            return .insertDeleted(
                id: opID(entry.id)!, originLeft: opID(entry.left), originRight: opID(entry.right), count: entry.count)
        case .delete:
            // A delete entry has at least one range (checked when it was decoded or built).
            let deleted = TextOp.DeletedRanges(
                ranges[entry.start..<entry.start + entry.count].lazy.map {
                    TextOp.DeletedRange(first: opID($0.first)!, count: $0.count)
                })!
            return opID(entry.id).map { .countedDelete(id: $0, ranges: deleted) } ?? .delete(ranges: deleted)
        }
    }

    /// The scalars of an insert entry.
    func scalars(of entry: Entry) -> UTF8Scalars<[UInt8]> {
        UTF8Scalars(bytes: text, index: entry.start, end: entry.end)
    }

    public static func == (lhs: TextOpBatch, rhs: TextOpBatch) -> Bool { lhs.ops == rhs.ops }

    // MARK: Encoding

    /// The version written; version 1 (no deletes without ids, no continued inserts) is still read.
    static let version: UInt64 = 2

    /// Whether `entry` is an insert that continues `previous`: the same replica's next counters,
    /// placed right after its last character, with the same right origin.
    private static func continues(_ entry: Entry, _ previous: Entry?) -> Bool {
        guard let previous, entry.kind != .delete, previous.kind != .delete else { return false }
        let next = previous.id.counter &+ UInt64(previous.count)
        return entry.id == Reference(replica: previous.id.replica, counter: next)
            && entry.left == Reference(replica: previous.id.replica, counter: next &- 1)
            && entry.right == previous.right
    }

    public func encode(to writer: inout BinaryWriter) {
        writer.write(varint: Self.version)
        replicas.encode(to: &writer)
        writer.write(bytes: text)
        writer.write(varint: UInt64(entries.count))
        var previous: UInt64 = 0
        var previousEntry: Entry?
        func write(_ id: Reference, relativeTo base: UInt64) {
            writer.write(varint: UInt64(id.replica))
            writer.write(signed: Int64(bitPattern: id.counter &- base))
        }
        func write(origin: Reference, of id: Reference) {
            guard origin.replica >= 0 else { return writer.write(varint: 0) }
            writer.write(varint: UInt64(origin.replica) + 1)
            writer.write(signed: Int64(bitPattern: origin.counter &- id.counter))
        }
        for entry in entries {
            defer { previousEntry = entry }
            switch entry.kind {
            case .insert, .insertDeleted:
                let deleted = entry.kind == .insertDeleted
                if Self.continues(entry, previousEntry) {
                    writer.write(byte: (deleted ? TextOp.Tag.continuedInsertDeleted : .continuedInsert).rawValue)
                } else {
                    writer.write(byte: (deleted ? TextOp.Tag.insertDeleted : .insert).rawValue)
                    write(entry.id, relativeTo: previous)
                    write(origin: entry.left, of: entry.id)
                    write(origin: entry.right, of: entry.id)
                }
                writer.write(varint: UInt64(entry.count))
                previous = entry.id.counter
            case .delete:
                // A counted delete writes its id, and its ranges relative to it; a delete chains
                // each range's counter to the one before.
                let counted = entry.id.replica >= 0
                writer.write(byte: (counted ? TextOp.Tag.countedDelete : .delete).rawValue)
                if counted {
                    write(entry.id, relativeTo: previous)
                    previous = entry.id.counter
                }
                writer.write(varint: UInt64(entry.count))
                for range in ranges[entry.start..<entry.start + entry.count] {
                    write(range.first, relativeTo: previous)
                    writer.write(varint: UInt64(range.count))
                    if !counted { previous = range.first.counter }
                }
            }
        }
    }

    public init(from reader: inout BinaryReader) throws {
        let version = try reader.readVarint()
        guard version == 1 || version == Self.version else { throw CRDTDecodingError.unsupportedVersion(version) }
        decodedVersion = version
        replicas = try [ReplicaID](from: &reader)
        let replicaCount = replicas.count
        let textStart = reader.offset
        text = try reader.readBytes()
        guard String(validating: text, as: UTF8.self) != nil else { throw CRDTDecodingError.invalidUTF8(at: textStart) }
        var used = 0  // bytes of `text` taken by the inserts so far
        let count = try reader.readCount(limit: reader.remaining)
        var previous: UInt64 = 0
        func readCounter(relativeTo base: UInt64, at start: Int) throws -> UInt64 {
            let counter = base &+ UInt64(bitPattern: try reader.readSigned())
            guard counter >= 1, counter <= UInt64(Int64.max) else {
                throw CRDTDecodingError.invalidValue("an op counter out of range at byte \(start)")
            }
            return counter
        }
        func readID(relativeTo base: UInt64) throws -> Reference {
            let start = reader.offset
            let index = try reader.readCount(limit: replicaCount)
            guard index < replicaCount else {
                throw CRDTDecodingError.invalidValue("no replica \(index) at byte \(start)")
            }
            return Reference(replica: Int32(index), counter: try readCounter(relativeTo: base, at: start))
        }
        func readOrigin(of id: Reference) throws -> Reference {
            let start = reader.offset
            let index = try reader.readCount(limit: replicaCount)
            guard index > 0 else { return .none }
            return Reference(replica: Int32(index - 1), counter: try readCounter(relativeTo: id.counter, at: start))
        }
        func readLength(limit: Int = 1 << 30) throws -> Int {
            let length = try reader.readCount(limit: limit)
            guard length > 0 else { throw CRDTDecodingError.invalidValue("an empty insert or range") }
            return length
        }
        func readRanges(relativeTo base: UInt64?) throws -> Int {
            let rangeCount = try reader.readCount(limit: reader.remaining)
            guard rangeCount > 0 else { throw CRDTDecodingError.invalidValue("a delete of nothing") }
            for _ in 0..<rangeCount {
                let first = try readID(relativeTo: base ?? previous)
                ranges.append(Range(first: first, count: try readLength()))
                if base == nil { previous = first.counter }
            }
            return rangeCount
        }
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            let byte = try reader.readByte()
            guard let tag = TextOp.Tag(rawValue: byte), version > 1 || byte <= TextOp.Tag.insertDeleted.rawValue else {
                throw CRDTDecodingError.unknownTag(byte, at: start)
            }
            var entry: Entry
            switch tag {
            case .insert, .insertDeleted:
                let id = try readID(relativeTo: previous)
                entry = Entry(
                    kind: tag == .insert ? .insert : .insertDeleted, id: id, left: try readOrigin(of: id),
                    right: try readOrigin(of: id), count: 0)
            case .continuedInsert, .continuedInsertDeleted:
                guard let before = entries.last, before.kind != .delete else {
                    throw CRDTDecodingError.invalidValue("a continued insert after no insert at byte \(start)")
                }
                let next = before.id.counter &+ UInt64(before.count)
                guard next <= UInt64(Int64.max) else {
                    throw CRDTDecodingError.invalidValue("an op counter out of range at byte \(start)")
                }
                let id = Reference(replica: before.id.replica, counter: next)
                entry = Entry(
                    kind: tag == .continuedInsert ? .insert : .insertDeleted, id: id,
                    left: Reference(replica: id.replica, counter: next - 1), right: before.right, count: 0)
            case .countedDelete:
                let id = try readID(relativeTo: previous)
                entries.append(Entry(kind: .delete, id: id, count: 0, start: ranges.count))
                entries[entries.count - 1].count = try readRanges(relativeTo: id.counter)
                previous = id.counter
                continue
            case .delete:
                entries.append(Entry(kind: .delete, id: .none, count: 0, start: ranges.count))
                entries[entries.count - 1].count = try readRanges(relativeTo: nil)
                continue
            }
            if entry.kind == .insert {
                entry.count = try readLength()
                entry.start = used
                for _ in 0..<entry.count {
                    guard used < text.count else {
                        throw CRDTDecodingError.invalidValue("an insert longer than the batch's text")
                    }
                    used += UTF8Bytes.scalarLength(leadByte: text[used])
                }
                entry.end = used
            } else {
                entry.count = try readLength(limit: TextOp.maxDeletedRun)
            }
            entries.append(entry)
            previous = entry.id.counter
        }
        guard used == text.count else { throw CRDTDecodingError.invalidValue("text left over after the batch's ops") }
    }
}
