/// A list's ops as they travel and are stored (`Protocol/crdt-encoding.md`).
extension MovableList {
    public enum Op: BinaryCodable, Equatable, Sendable {
        /// A new element `element` with `value`, at a new position.
        case insert(element: OpID, value: Element, position: ListPosition)
        /// Moves `element` to a new position, as of `stamp`.
        case move(element: OpID, stamp: WriteStamp, position: ListPosition)
        /// Removes `element` for good (op `id`).
        case delete(id: OpID, element: OpID)

        public func encode(to writer: inout BinaryWriter) {
            switch self {
            case .insert(let element, let value, let position):
                writer.write(byte: 0)
                element.encode(to: &writer)
                value.encode(to: &writer)
                position.encode(to: &writer)
            case .move(let element, let stamp, let position):
                writer.write(byte: 1)
                element.encode(to: &writer)
                stamp.encode(to: &writer)
                position.encode(to: &writer)
            case .delete(let id, let element):
                writer.write(byte: 2)
                id.encode(to: &writer)
                element.encode(to: &writer)
            }
        }

        public init(from reader: inout BinaryReader) throws {
            let start = reader.offset
            switch try reader.readByte() {
            case 0:
                self = .insert(
                    element: try OpID(from: &reader), value: try Element(from: &reader),
                    position: try ListPosition(from: &reader))
            case 1:
                self = .move(
                    element: try OpID(from: &reader), stamp: try WriteStamp(from: &reader),
                    position: try ListPosition(from: &reader))
            case 2:
                self = .delete(id: try OpID(from: &reader), element: try OpID(from: &reader))
            case let other:
                throw CRDTDecodingError.unknownTag(other, at: start)
            }
        }

        /// The op's own id: an insert's is its element's.
        var key: OpID {
            switch self {
            case .insert(let element, _, _): element
            case .move(_, let stamp, _): stamp.op
            case .delete(let id, _): id
            }
        }
    }
}

/// Where a list element is put: a new position between two existing ones, placed like a
/// one-character insert into text (Fugue origins).
public struct ListPosition: BinaryCodable, Equatable, Sendable {
    public var id: OpID
    public var originLeft: OpID?
    public var originRight: OpID?

    public init(id: OpID, originLeft: OpID?, originRight: OpID?) {
        self.id = id
        self.originLeft = originLeft
        self.originRight = originRight
    }

    public func encode(to writer: inout BinaryWriter) {
        id.encode(to: &writer)
        originLeft.encode(to: &writer)
        originRight.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws {
        id = try OpID(from: &reader)
        originLeft = try OpID?(from: &reader)
        originRight = try OpID?(from: &reader)
    }
}
