/// Edits made on this replica: they go straight where the position says (the new characters'
/// origins are the characters either side, so no other placement is possible), and come back as
/// the ops to send.
extension TextState {
    /// Replaces `deleteCount` scalars at `position` with `insert`; returns the ops to send.
    mutating func edit(
        at position: Int, deleteCount: Int = 0, insert text: String, clock: inout OpClock, now: UInt64
    ) -> [TextOp] {
        switch (deleteCount > 0, !text.isEmpty) {
        case (true, true):
            [delete(at: position, count: deleteCount), insert(text, at: position, clock: &clock, now: now)]
        case (true, false): [delete(at: position, count: deleteCount)]
        case (false, true): [insert(text, at: position, clock: &clock, now: now)]
        case (false, false): []
        }
    }

    /// Inserts `text` (not empty) at `position` (0...count); returns the op. Always inlined into
    /// `TextDocument.insert`, so the op is built where that returns it (otherwise each keystroke
    /// copied the whole op once and destroyed it: a sixth of typing's time).
    @inline(__always)
    mutating func insert(_ text: String, at position: Int, clock: inout OpClock, now: UInt64) -> TextOp {
        precondition((0...count).contains(position), "insert position \(position) is outside 0...\(count)")
        // One ASCII character (typing) is one scalar, without walking the string; longer ones are
        // counted on their UTF-8 (a native string's is always at hand).
        let length =
            text.utf8.count == 1
            ? 1 : text.utf8.withContiguousStorageIfAvailable(UTF8Bytes.scalarCount) ?? text.unicodeScalars.count
        precondition(length > 0, "an empty insert")
        let first = clock.reserve(UInt64(length), physicalMilliseconds: now).op
        precondition(first.counter + UInt64(length) - 1 <= AgentCharacters.maxCounter, "the op counter ran out")
        let agent = agentNumber(first.replica)
        var successor: RunRef?
        if position < count {
            let (run, offset) = tree.run(atVisible: position)
            successor = offset > 0 ? split(run, at: offset) : run
        }
        let predecessor = successor.map { tree.predecessor(of: $0) } ?? tree.last
        let originLeft = predecessor.map { tree[$0].lastID }
        let originRight = successor.map { tree[$0].id(at: 0) }
        func attach(_ content: some Sequence<Unicode.Scalar>) {
            self.attach(
                agent: agent, first: first.counter, length: length, originLeft: originLeft, originRight: originRight,
                content: content, after: predecessor, before: successor)
        }
        // A bridged string (not on Linux) has no UTF-8 at hand: its scalars are read as they come.
        if text.utf8.withContiguousStorageIfAvailable({ attach(UTF8Scalars(bytes: $0, index: 0, end: $0.count)) })
            == nil
        {
            attach(text.unicodeScalars)
        }
        return .insert(
            id: first, originLeft: originLeft.map { opID($0) }, originRight: originRight.map { opID($0) }, text: text)
    }

    /// Deletes `count` scalars from `position`; returns the op (which takes no counter). Always
    /// inlined into `TextDocument.delete`, as `insert` is, so the op is not copied once more on
    /// its way out.
    @inline(__always)
    mutating func delete(at position: Int, count deleteCount: Int) -> TextOp {
        precondition(position >= 0 && deleteCount > 0 && position + deleteCount <= count, "delete outside the text")
        var (run, offset) = tree.run(atVisible: position)
        if deleteCount == 1, let moved = deleteIntoNextRun(run, offset: offset) {
            // A backspace after the one before: no new run.
            return .delete(ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: opID(moved), count: 1)))
        }
        if offset > 0 { run = split(run, at: offset) }
        var remaining = deleteCount
        var ranges: TextOp.DeletedRanges?
        var last: CharID?  // the last character of the last range
        while true {
            let node = tree[run]
            if !node.isDeleted {
                if node.count > remaining { split(run, at: remaining) }
                let take = min(node.count, remaining)
                tree.markDeleted(run, recount: true)
                if let end = last, end.agent == node.agent, end.seq + 1 == node.seq {
                    ranges![ranges!.endIndex - 1].count += take
                } else {
                    let range = TextOp.DeletedRange(first: opID(node.id(at: 0)), count: take)
                    if ranges == nil { ranges = TextOp.DeletedRanges(range) } else { ranges!.append(range) }
                }
                last = CharID(agent: node.agent, seq: node.seq + UInt64(take) - 1)
                remaining -= take
                if remaining == 0 { break }
            }
            run = tree.successor(of: run)!
        }
        // The loop above made at least one range (deleteCount > 0).
        return .delete(ranges: ranges!)
    }

    /// Deletes the last character of `run` (at `offset`, not its first) by moving it into the
    /// deleted run right after, when that run continues this one (the character just deleted
    /// before it, as a backspace after a backspace finds): the same characters, origins and
    /// deletions as splitting it off, which canonical runs would join again, without a new run.
    /// Returns the character, or nil when the next run does not continue this one.
    private mutating func deleteIntoNextRun(_ run: RunRef, offset: Int) -> CharID? {
        let node = tree[run]
        guard offset > 0, offset == node.count - 1, !node.isDeleted, let next = tree.successor(of: run) else {
            return nil
        }
        let following = tree[next]
        let moved = node.lastID
        guard following.isDeleted, following.agent == node.agent, following.seq == moved.seq + 1,
            following.originRight == node.originRight, following.originLeft == moved
        else { return nil }
        tree[run].length -= 1
        tree.refresh(run)
        tree[next].extendBackwards(originLeft: node.id(at: offset - 1))
        tree.refresh(next)
        characters[Int(node.agent)].clearStart(at: moved.seq + 1)
        characters[Int(node.agent)].setStart(of: next, at: moved.seq)
        return moved
    }

    // MARK: Anchors

    /// A stable reference to the gap before the scalar now at `position` (or the end), which
    /// follows that scalar through concurrent edits.
    mutating func anchor(at position: Int) -> OpID? {
        position < count ? opID(character(atVisible: position)) : nil
    }

    /// Where an anchor is now: the visible scalars before its character (deleted or not).
    mutating func position(of anchor: OpID?) -> Int {
        guard let anchor, let id = charID(anchor), contains(id) else { return count }
        return visibleIndex(of: id)
    }
}
