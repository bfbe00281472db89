/// The state behind a `TextDocument`: a reference type, copied when a shared document is
/// mutated (copy-on-write), so `TextDocument` keeps value semantics.
final class TextStorage: @unchecked Sendable {
    var tree = RunTree()
    /// Replica ids by local agent number, and back.
    var agents: [ReplicaID] = []
    var agentNumbers: [ReplicaID: Int32] = [:]
    /// Per agent, by counter − 1: the inserted scalar (deletes leave a hole) and its run.
    var scalars: [[Unicode.Scalar]] = []
    var runOf: [[RunRef]] = []
    /// Every delete op applied (inserts need no log: the runs say everything about them).
    var deletes: [TextOp] = []
    var seenDeletes: [OpID: Void] = [:]
    /// Ops that refer to characters not here yet, by the first missing one.
    var waiting: [OpID: [TextOp]] = [:]

    init() {}

    var count: Int { tree.visibleCount }

    /// The visible text.
    var text: String {
        var result = String.UnicodeScalarView()
        tree.forEach { _, run in
            guard !run.isDeleted else { return }
            let start = Int(run.seq) - 1
            result.append(contentsOf: scalars[Int(run.agent)][start..<start + run.count])
        }
        return String(result)
    }

    // MARK: Local edits

    /// Replaces `deleteCount` scalars at `position` with `insert`; returns the ops to send.
    func edit(
        at position: Int, deleteCount: Int = 0, insert text: String, clock: inout OpClock, now: UInt64
    ) -> [TextOp] {
        var ops: [TextOp] = []
        if deleteCount > 0 { ops.append(delete(at: position, count: deleteCount, clock: &clock, now: now)) }
        if !text.isEmpty { ops.append(insert(text, at: position, clock: &clock, now: now)) }
        return ops
    }

    /// Inserts `text` at `position` (0...count); returns the op.
    func insert(_ text: String, at position: Int, clock: inout OpClock, now: UInt64) -> TextOp {
        precondition((0...count).contains(position), "insert position \(position) is outside 0...\(count)")
        var originLeft: CharID?
        var originRight: CharID?
        if position < count {
            let (ref, offset) = tree.run(atVisible: position)
            let run = tree[ref]
            originRight = run.id(at: offset)
            originLeft =
                offset > 0
                ? run.id(at: offset - 1) : tree.predecessor(of: ref).map { tree[$0].id(at: tree[$0].count - 1) }
        } else if let last = tree.last {
            originLeft = tree[last].id(at: tree[last].count - 1)
        }
        let length = text.unicodeScalars.count
        let first = clock.reserve(UInt64(length), physicalMilliseconds: now).op
        let op = TextOp.insert(
            id: first, originLeft: originLeft.map(opID), originRight: originRight.map(opID), text: text)
        _ = apply(op, report: false)
        return op
    }

    /// Deletes `count` scalars from `position`; returns the op.
    func delete(at position: Int, count deleteCount: Int, clock: inout OpClock, now: UInt64) -> TextOp {
        precondition(position >= 0 && deleteCount > 0 && position + deleteCount <= count, "delete outside the text")
        var ranges: [TextOp.DeletedRange] = []
        var remaining = deleteCount
        var (ref, offset) = tree.run(atVisible: position)
        while remaining > 0 {
            let run = tree[ref]
            if !run.isDeleted {
                let take = min(remaining, run.count - offset)
                let first = run.id(at: offset)
                if let last = ranges.last, last.first.replica == agents[Int(first.agent)],
                    last.first.counter + UInt64(last.count) == first.seq
                {
                    ranges[ranges.count - 1].count += take
                } else {
                    ranges.append(TextOp.DeletedRange(first: opID(first), count: take))
                }
                remaining -= take
            }
            offset = 0
            guard remaining > 0, let next = tree.successor(of: ref) else { break }
            ref = next
        }
        let op = TextOp.delete(id: clock.next(physicalMilliseconds: now).op, ranges: ranges)
        _ = apply(op, report: false)
        return op
    }

    // MARK: Anchors

    /// A stable reference to the gap before the scalar now at `position` (or the end), which
    /// follows that scalar through concurrent edits.
    func anchor(at position: Int) -> OpID? {
        guard position < count else { return nil }
        let (ref, offset) = tree.run(atVisible: position)
        return opID(tree[ref].id(at: offset))
    }

    /// Where an anchor is now: the visible scalars before its character (deleted or not).
    func position(of anchor: OpID?) -> Int {
        guard let anchor, let id = charID(anchor), let ref = lookup(id) else { return count }
        let before = tree.visiblePosition(of: ref)
        let run = tree[ref]
        return before + (run.isDeleted ? 0 : Int(id.seq - run.seq))
    }

    // MARK: Ids

    func opID(_ id: CharID) -> OpID { OpID(agents[Int(id.agent)], id.seq) }

    func charID(_ id: OpID) -> CharID? {
        agentNumbers[id.replica].map { CharID(agent: $0, seq: id.counter) }
    }

    func agentNumber(_ replica: ReplicaID) -> Int32 {
        if let number = agentNumbers[replica] { return number }
        let number = Int32(agents.count)
        agents.append(replica)
        agentNumbers[replica] = number
        scalars.append([])
        runOf.append([])
        return number
    }

    /// The run holding character `id`, if it is known.
    func lookup(_ id: CharID) -> RunRef? {
        let runs = runOf[Int(id.agent)]
        let index = Int(id.seq) - 1
        guard index >= 0 && index < runs.count else { return nil }
        let ref = runs[index]
        return ref >= 0 ? ref : nil
    }
}
