extension TextOp {
    /// The ranges one delete names, never none. The first is held inline, so the usual delete (a
    /// backspace, a selection: one range) allocates nothing; any further ones are in an array.
    public struct DeletedRanges: RandomAccessCollection, MutableCollection, BinaryCodable, Equatable, Sendable {
        /// The first range.
        public var head: DeletedRange
        private var tail: [DeletedRange]

        public init(_ head: DeletedRange) {
            self.head = head
            tail = []
        }

        /// The ranges in order; nil when there are none.
        public init?(_ ranges: some Sequence<DeletedRange>) {
            var iterator = ranges.makeIterator()
            guard let head = iterator.next() else { return nil }
            self.head = head
            tail = Array(IteratorSequence(iterator))
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { 1 + tail.count }

        public subscript(position: Int) -> DeletedRange {
            get { position == 0 ? head : tail[position - 1] }
            set {
                if position == 0 { head = newValue } else { tail[position - 1] = newValue }
            }
        }

        /// Adds a range after the others.
        public mutating func append(_ range: DeletedRange) { tail.append(range) }

        /// Written as `[DeletedRange]` is: a count, then the ranges.
        public func encode(to writer: inout BinaryWriter) {
            writer.write(varint: UInt64(count))
            for range in self { range.encode(to: &writer) }
        }

        /// Reads what `encode` writes, refusing none at all.
        public init(from reader: inout BinaryReader) throws {
            let count = try reader.readElementCount()
            guard count > 0 else { throw CRDTDecodingError.invalidValue("a delete of nothing") }
            head = try DeletedRange(from: &reader)
            tail = []
            if count > 1 {
                tail.reserveCapacity(count - 1)
                for _ in 1..<count { tail.append(try DeletedRange(from: &reader)) }
            }
        }
    }
}
