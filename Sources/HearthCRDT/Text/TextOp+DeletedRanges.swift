extension TextOp {
    /// The ranges one delete names, never none. The first is held inline, so the usual delete (a
    /// backspace, a selection: one range) allocates nothing; any further ones are in an array.
    public struct DeletedRanges: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
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

        /// A literal with at least one range.
        public init(arrayLiteral ranges: DeletedRange...) {
            guard let ranges = Self(ranges) else { preconditionFailure("a delete names at least one range") }
            self = ranges
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { 1 + tail.count }

        public subscript(position: Int) -> DeletedRange {
            position == 0 ? head : tail[position - 1]
        }

        /// Adds a range after the others.
        public mutating func append(_ range: DeletedRange) { tail.append(range) }
    }
}
