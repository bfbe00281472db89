/// Collaborative plain text: a Fugue-class sequence (FugueMax placement, so concurrent typing at
/// one place never interleaves, forwards or backwards) over run-length encoded items in a splay
/// tree, so a local edit and a remote op cost O(log n) amortised. Positions and counts are in
/// Unicode scalars. Ops are applied in causal order; applying one twice changes nothing.
public struct TextDocument: ReplicatedType {
    public typealias Op = TextOp

    private var state = TextState()

    public init() {}

    /// Visible scalars.
    public var count: Int { state.count }

    /// The visible text.
    public var text: String { state.text }

    /// Replaces `deleteCount` scalars at `position` with `insert`; returns the ops to send.
    public mutating func edit(
        at position: Int, deleteCount: Int = 0, insert text: String, clock: inout OpClock, now: UInt64
    ) -> [TextOp] {
        state.edit(at: position, deleteCount: deleteCount, insert: text, clock: &clock, now: now)
    }

    /// Inserts `text` (not empty) at `position` (0...count); returns the op.
    public mutating func insert(_ text: String, at position: Int, clock: inout OpClock, now: UInt64) -> TextOp {
        state.insert(text, at: position, clock: &clock, now: now)
    }

    /// Deletes `count` scalars from `position`; returns the op. A delete takes no counter, so it
    /// needs no clock.
    public mutating func delete(at position: Int, count: Int) -> TextOp {
        state.delete(at: position, count: count)
    }

    /// Applies a local or remote op; returns what it changed in the visible text.
    @discardableResult
    public mutating func applyReporting(_ op: TextOp) -> [TextEdit] { state.apply(op, report: true) }

    public mutating func apply(_ op: TextOp) { _ = state.apply(op, report: false) }

    /// Applies many ops at once (a catch-up, a saved history): the same result as one by one,
    /// with less bookkeeping.
    public mutating func apply(_ ops: [TextOp]) { state.apply(batch: TextOpBatch(ops)) }

    public mutating func apply(_ batch: TextOpBatch) { state.apply(batch: batch) }

    /// A stable reference to the gap before the scalar now at `position` (nil: the end).
    public mutating func anchor(at position: Int) -> OpID? { state.anchor(at: position) }

    /// Where an anchor is now, in visible scalars.
    public mutating func position(of anchor: OpID?) -> Int { state.position(of: anchor) }

    public func ops(since vector: VersionVector<ReplicaID>) -> [TextOp] { state.ops(since: vector) }

    /// Ops applied before the characters they refer to arrived: they wait, are not part of the
    /// encoded state, and go in once those characters do.
    public var waitingOps: [TextOp] { state.waiting.values.flatMap { $0 } }

    public static func == (lhs: TextDocument, rhs: TextDocument) -> Bool { lhs.state.sameState(as: rhs.state) }

    public func encode(to writer: inout BinaryWriter) { state.encode(to: &writer) }

    public init(from reader: inout BinaryReader) throws { state = try TextState(from: &reader) }
}
