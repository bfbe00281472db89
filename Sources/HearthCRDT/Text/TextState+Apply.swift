/// Ops from other replicas (or from a saved history): placed by FugueMax's rule, each
/// idempotent, each waiting for the characters it refers to.
extension TextState {
    /// Applies an op, and any waiting ops it makes ready; returns the changes to the visible text
    /// when `report` is set. With `recount` false, deletes leave the visible counts stale for
    /// `tree.recountAll()` to fix once at the end of a batch (no reports then).
    mutating func apply(_ op: TextOp, report: Bool, recount: Bool = true) -> [TextEdit] {
        var edits: [TextEdit] = []
        var queue = [op]
        while let next = queue.popLast() {
            switch tryApply(next, report: report, recount: recount) {
            case .applied(let more, let newCharacters):
                edits += more
                // Ops that waited for one of the new characters may go now.
                if let (replica, range) = newCharacters, !waiting.isEmpty {
                    for counter in range {
                        if let ready = waiting.removeValue(forKey: OpID(replica, counter)) { queue += ready }
                    }
                }
            case .waiting(let missing):
                if !(waiting[missing]?.contains(next) ?? false) { waiting[missing, default: []].append(next) }
            }
        }
        return edits
    }

    /// Applies many ops, recounting visible characters once at the end rather than after every
    /// deleted run when the batch is large.
    mutating func apply(batch ops: [TextOp]) {
        let recount = ops.count < 64
        for op in ops { _ = apply(op, report: false, recount: recount) }
        if !recount { tree.recountAll() }
    }

    private enum Outcome {
        case applied([TextEdit], newCharacters: (ReplicaID, ClosedRange<UInt64>)?)
        case waiting(for: OpID)

        static let nothing = Outcome.applied([], newCharacters: nil)
    }

    private mutating func tryApply(_ op: TextOp, report: Bool, recount: Bool) -> Outcome {
        switch op {
        case .insert(let id, let left, let right, let text):
            applyInsert(
                id: id, originLeft: left, originRight: right, content: text, count: text.unicodeScalars.count,
                report: report)
        case .insertDeleted(let id, let left, let right, let count):
            applyInsert(id: id, originLeft: left, originRight: right, content: nil, count: count, report: report)
        case .delete(let id, let ranges):
            applyDelete(id: id, ranges: ranges, report: report, recount: recount)
        }
    }

    /// `.some(nil)` for no origin, `.some(id)` for a character that is here, nil if it is not.
    private mutating func known(_ id: OpID?) -> CharID?? {
        guard let id else { return .some(nil) }
        guard let char = charID(id), lookup(char) != nil else { return nil }
        return .some(char)
    }

    private mutating func applyInsert(
        id: OpID, originLeft: OpID?, originRight: OpID?, content: String?, count: Int, report: Bool
    ) -> Outcome {
        // Counters past the limit, or reused for a delete of the same author: no honest replica
        // makes such an op, and every replica drops it alike.
        guard count > 0, id.counter <= AgentSlots.maxCounter - UInt64(count) + 1 else { return .nothing }
        var first = id.counter
        var skip = 0
        var leftID = originLeft
        // Skip the characters already here (the op, or part of it, arrived before).
        if let agent = agent(of: id.replica) {
            let counters = id.counter..<id.counter + UInt64(count)
            if counters.contains(where: { slots[Int(agent)][$0].run == Slot.appliedDelete.run }) { return .nothing }
            while skip < count, slots[Int(agent)][first].isCharacter {
                leftID = OpID(id.replica, first)
                first += 1
                skip += 1
            }
        }
        if skip == count { return .nothing }
        guard let leftKnown = known(leftID) else { return .waiting(for: leftID!) }
        guard let rightKnown = known(originRight) else { return .waiting(for: originRight!) }
        let agent = agentNumber(id.replica)
        let length = count - skip
        guard let destination = place(replica: id.replica, originLeft: leftKnown, originRight: rightKnown) else {
            return .nothing
        }
        let predecessor = destination.map { tree.predecessor(of: $0) } ?? tree.last
        let scalars = (content ?? "").unicodeScalars.dropFirst(skip)
        let run = attach(
            agent: agent, first: first, length: length, originLeft: leftKnown, originRight: rightKnown,
            content: scalars, deleted: content == nil, after: predecessor, before: destination)
        let added = (id.replica, first...first + UInt64(length) - 1)
        guard report, content != nil else { return .applied([], newCharacters: added) }
        let position = tree.visiblePosition(of: run) + Int(first - tree[run].seq)
        return .applied([.insert(at: position, text: String(String.UnicodeScalarView(scalars)))], newCharacters: added)
    }

    /// The run the new characters go before (`.some(nil)`: the end), by FugueMax's rule; nil
    /// when the origins are in an order no replica could have made.
    private mutating func place(replica: ReplicaID, originLeft: CharID?, originRight: CharID?) -> RunRef?? {
        if let originLeft { splitAfter(originLeft) }
        if let originRight { splitBefore(originRight) }
        let rightRun = originRight.flatMap(lookup)
        var start: RunRef?
        if let originLeft, let leftRun = lookup(originLeft) {
            tree.splay(leftRun)
            start = tree.successor(of: leftRun)
        } else {
            start = tree.first
        }
        // Nothing between the origins (no concurrent insert there): the run goes right between.
        if start == rightRun { return .some(rightRun) }
        let left = totalPosition(originLeft, absent: -1)
        let right = totalPosition(originRight, absent: tree.totalCount)
        guard left < right else { return nil }
        var cursor = start
        var destination = cursor
        var scanning = false
        while let run = cursor {
            if !scanning { destination = run }
            if tree.totalPosition(of: run) >= right { break }
            let node = tree[run]
            let otherLeft = totalPosition(node.originLeft, absent: -1)
            let otherRight = totalPosition(node.originRight, absent: tree.totalCount)
            if otherLeft < left { break }
            if otherLeft == left {
                if otherRight < right {
                    scanning = true
                } else if otherRight == right {
                    if replica < agents[Int(node.agent)] { break }
                    scanning = false
                } else {
                    scanning = false
                }
            }
            cursor = tree.successor(of: run)
        }
        if cursor == nil && !scanning { destination = nil }
        return .some(destination)
    }

    /// A character's place counting deleted ones; `absent` for no character.
    private mutating func totalPosition(_ id: CharID?, absent: Int) -> Int {
        guard let id else { return absent }
        let run = lookup(id)!
        return tree.totalPosition(of: run) + Int(id.seq - tree[run].seq)
    }

    private mutating func applyDelete(id: OpID, ranges: [TextOp.DeletedRange], report: Bool, recount: Bool)
        -> Outcome
    {
        guard id.counter <= AgentSlots.maxCounter, !ranges.isEmpty else { return .nothing }
        if let agent = agent(of: id.replica) {
            let slot = slots[Int(agent)][id.counter]
            // Applied before, or a counter its author used for characters: nothing to do.
            if slot.run == Slot.appliedDelete.run || slot.isCharacter { return .nothing }
        }
        var targets: [(agent: Int32, first: UInt64, end: UInt64)] = []
        for range in ranges {
            guard range.count > 0, range.first.counter <= AgentSlots.maxCounter - UInt64(range.count) + 1 else {
                return .nothing
            }
            let end = range.first.counter + UInt64(range.count)
            guard let agent = agent(of: range.first.replica) else { return .waiting(for: range.first) }
            // The range's ends must be here (holes between are counters of other deletes).
            guard lookup(CharID(agent: agent, seq: range.first.counter)) != nil else {
                return .waiting(for: range.first)
            }
            guard lookup(CharID(agent: agent, seq: end - 1)) != nil else {
                return .waiting(for: OpID(range.first.replica, end - 1))
            }
            targets.append((agent, range.first.counter, end))
        }
        let agent = agentNumber(id.replica)
        var edits: [TextEdit] = []
        for target in targets {
            splitBefore(CharID(agent: target.agent, seq: target.first))
            splitAfter(CharID(agent: target.agent, seq: target.end - 1))
            var seq = target.first
            while seq < target.end {
                guard let run = lookup(CharID(agent: target.agent, seq: seq)) else {
                    seq += 1
                    continue
                }
                let node = tree[run]
                if !node.isDeleted {
                    if report { edits.append(.delete(at: tree.visiblePosition(of: run), count: node.count)) }
                    tree.markDeleted(run, recount: recount)
                }
                seq = node.end
            }
            recordDelete(
                agent: agent, counter: id.counter, target: target.agent, first: target.first,
                count: Int(target.end - target.first))
        }
        slots[Int(agent)][id.counter] = .appliedDelete
        return .applied(edits, newCharacters: nil)
    }
}
