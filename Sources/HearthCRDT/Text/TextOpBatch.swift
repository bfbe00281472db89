/// Many text ops in one compact encoding (a history, a catch-up, a saved state): each replica id
/// once in a table, counters as differences from the op before, origins relative to the op's
/// own id, and the inserted text as one UTF-8 string. Specified in `Protocol/crdt-encoding.md`.
public struct TextOpBatch: BinaryCodable, Equatable, Sendable {
    public var ops: [TextOp]

    public init(_ ops: [TextOp]) { self.ops = ops }

    public func encode(to writer: inout BinaryWriter) {
        var table: [ReplicaID: Int] = [:]
        var replicas: [ReplicaID] = []
        var text = ""
        for op in ops {
            let ids: [OpID?]
            switch op {
            case .insert(let id, let left, let right, let content):
                ids = [id, left, right]
                text += content
            case .insertDeleted(let id, let left, let right, _): ids = [id, left, right]
            case .delete(let id, let ranges): ids = [id] + ranges.map(\.first)
            }
            for case let id? in ids where table[id.replica] == nil {
                table[id.replica] = replicas.count
                replicas.append(id.replica)
            }
        }
        writer.write(varint: EncodingVersion.current)
        replicas.encode(to: &writer)
        writer.write(string: text)
        writer.write(varint: UInt64(ops.count))
        var previous: UInt64 = 0
        func write(_ id: OpID, relativeTo base: UInt64) {
            writer.write(varint: UInt64(table[id.replica]!))
            writer.write(signed: Int64(bitPattern: id.counter &- base))
        }
        func write(origin: OpID?, of id: OpID) {
            guard let origin else { return writer.write(varint: 0) }
            writer.write(varint: UInt64(table[origin.replica]!) + 1)
            writer.write(signed: Int64(bitPattern: origin.counter &- id.counter))
        }
        for op in ops {
            switch op {
            case .insert(let id, let left, let right, let content):
                writer.write(byte: TextOp.Tag.insert.rawValue)
                write(id, relativeTo: previous)
                write(origin: left, of: id)
                write(origin: right, of: id)
                writer.write(varint: UInt64(content.unicodeScalars.count))
            case .insertDeleted(let id, let left, let right, let count):
                writer.write(byte: TextOp.Tag.insertDeleted.rawValue)
                write(id, relativeTo: previous)
                write(origin: left, of: id)
                write(origin: right, of: id)
                writer.write(varint: UInt64(count))
            case .delete(let id, let ranges):
                writer.write(byte: TextOp.Tag.delete.rawValue)
                write(id, relativeTo: previous)
                writer.write(varint: UInt64(ranges.count))
                for range in ranges {
                    write(range.first, relativeTo: id.counter)
                    writer.write(varint: UInt64(range.count))
                }
            }
            previous = op.id.counter
        }
    }

    public init(from reader: inout BinaryReader) throws {
        try EncodingVersion.read(&reader)
        let replicas = try [ReplicaID](from: &reader)
        let text = Array(try reader.readString().unicodeScalars)
        var used = 0
        let count = try reader.readCount(limit: reader.remaining)
        var previous: UInt64 = 0
        func readID(relativeTo base: UInt64) throws -> OpID {
            let start = reader.offset
            let index = try reader.readCount(limit: replicas.count)
            guard index < replicas.count else { throw CRDTDecodingError.invalidValue("no replica \(index) at byte \(start)") }
            let counter = base &+ UInt64(bitPattern: try reader.readSigned())
            guard counter >= 1, counter <= UInt64(Int64.max) else {
                throw CRDTDecodingError.invalidValue("an op counter out of range at byte \(start)")
            }
            return OpID(replicas[index], counter)
        }
        func readOrigin(of id: OpID) throws -> OpID? {
            let start = reader.offset
            let index = try reader.readCount(limit: replicas.count)
            guard index > 0 else { return nil }
            let counter = id.counter &+ UInt64(bitPattern: try reader.readSigned())
            guard counter >= 1, counter <= UInt64(Int64.max) else {
                throw CRDTDecodingError.invalidValue("an origin counter out of range at byte \(start)")
            }
            return OpID(replicas[index - 1], counter)
        }
        func readLength() throws -> Int {
            let length = try reader.readCount(limit: 1 << 30)
            guard length > 0 else { throw CRDTDecodingError.invalidValue("an empty insert") }
            return length
        }
        ops = []
        ops.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            let byte = try reader.readByte()
            guard let tag = TextOp.Tag(rawValue: byte) else { throw CRDTDecodingError.unknownTag(byte, at: start) }
            let id = try readID(relativeTo: previous)
            switch tag {
            case .insert:
                let left = try readOrigin(of: id)
                let right = try readOrigin(of: id)
                let length = try readLength()
                guard length <= text.count - used else {
                    throw CRDTDecodingError.invalidValue("an insert longer than the batch's text")
                }
                let content = String(String.UnicodeScalarView(text[used..<used + length]))
                used += length
                ops.append(.insert(id: id, originLeft: left, originRight: right, text: content))
            case .insertDeleted:
                let left = try readOrigin(of: id)
                let right = try readOrigin(of: id)
                ops.append(.insertDeleted(id: id, originLeft: left, originRight: right, count: try readLength()))
            case .delete:
                let rangeCount = try reader.readCount(limit: reader.remaining)
                guard rangeCount > 0 else { throw CRDTDecodingError.invalidValue("a delete of nothing") }
                var ranges: [TextOp.DeletedRange] = []
                for _ in 0..<rangeCount {
                    let first = try readID(relativeTo: id.counter)
                    let length = try reader.readCount(limit: 1 << 30)
                    guard length > 0 else { throw CRDTDecodingError.invalidValue("an empty deleted range") }
                    ranges.append(TextOp.DeletedRange(first: first, count: length))
                }
                ops.append(.delete(id: id, ranges: ranges))
            }
            previous = id.counter
        }
        guard used == text.count else { throw CRDTDecodingError.invalidValue("text left over after the batch's ops") }
    }
}
