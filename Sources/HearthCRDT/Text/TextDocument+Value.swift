/// Collaborative plain text: a Fugue-class sequence (FugueMax placement, so concurrent typing at
/// one place never interleaves, forwards or backwards) over run-length encoded items in a splay
/// tree, so a local edit and a remote op cost O(log n) amortised. Positions and counts are in
/// Unicode scalars. Ops are applied in causal order; applying one twice changes nothing.
public struct TextDocument: ReplicatedType {
    public typealias Op = TextOp

    private var storage = TextStorage()

    public init() {}

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Visible scalars.
    public var count: Int { storage.count }

    /// The visible text.
    public var text: String { storage.text }

    /// Replaces `deleteCount` scalars at `position` with `insert`; returns the ops to send.
    public mutating func edit(
        at position: Int, deleteCount: Int = 0, insert text: String, clock: inout OpClock, now: UInt64
    ) -> [TextOp] {
        unique()
        return storage.edit(at: position, deleteCount: deleteCount, insert: text, clock: &clock, now: now)
    }

    /// Inserts `text` at `position` (0...count); returns the op.
    public mutating func insert(_ text: String, at position: Int, clock: inout OpClock, now: UInt64) -> TextOp {
        unique()
        return storage.insert(text, at: position, clock: &clock, now: now)
    }

    /// Deletes `count` scalars from `position`; returns the op.
    public mutating func delete(at position: Int, count: Int, clock: inout OpClock, now: UInt64) -> TextOp {
        unique()
        return storage.delete(at: position, count: count, clock: &clock, now: now)
    }

    /// Applies a local or remote op; returns what it changed in the visible text.
    @discardableResult
    public mutating func applyReporting(_ op: TextOp) -> [TextEdit] {
        unique()
        return storage.apply(op)
    }

    public mutating func apply(_ op: TextOp) { applyReporting(op) }

    /// A stable reference to the gap before the scalar now at `position` (nil: the end).
    public mutating func anchor(at position: Int) -> OpID? {
        unique()
        return storage.anchor(at: position)
    }

    /// Where an anchor is now, in visible scalars.
    public mutating func position(of anchor: OpID?) -> Int {
        unique()
        return storage.position(of: anchor)
    }

    public func ops(since vector: VersionVector<ReplicaID>) -> [TextOp] { storage.ops(since: vector) }

    public static func == (lhs: TextDocument, rhs: TextDocument) -> Bool { lhs.storage.sameState(as: rhs.storage) }

    public func encode(to writer: inout BinaryWriter) { storage.encode(to: &writer) }

    public init(from reader: inout BinaryReader) throws { storage = try TextStorage(from: &reader) }
}
