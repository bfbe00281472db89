extension TextStorage {
    /// Applies an op (waiting for what it refers to, if that has not arrived); returns the
    /// changes to the visible text.
    func apply(_ op: TextOp, report: Bool = true) -> [TextEdit] {
        var edits: [TextEdit] = []
        var queue = [op]
        while let next = queue.popLast() {
            switch tryApply(next, report: report) {
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

    private enum Outcome {
        case applied([TextEdit], newCharacters: (ReplicaID, ClosedRange<UInt64>)?)
        case waiting(for: OpID)
    }

    private func tryApply(_ op: TextOp, report: Bool) -> Outcome {
        switch op {
        case .insert(let id, let left, let right, let text):
            return applyInsert(id: id, originLeft: left, originRight: right, text: text, op: op, report: report)
        case .delete(let id, let ranges):
            return applyDelete(id: id, ranges: ranges, op: op, report: report)
        }
    }

    /// `.some(nil)` for no origin, `.some(id)` for a character that is here, nil if it is not.
    private func known(_ id: OpID?) -> CharID?? {
        guard let id else { return .some(nil) }
        guard let char = charID(id), lookup(char) != nil else { return nil }
        return .some(char)
    }

    private func applyInsert(
        id: OpID, originLeft: OpID?, originRight: OpID?, text: String, op: TextOp, report: Bool
    ) -> Outcome {
        var content = Array(text.unicodeScalars)
        var first = id.counter
        var leftID = originLeft
        // Skip the characters already here (the op, or part of it, arrived before).
        if let agent = agentNumbers[id.replica] {
            while !content.isEmpty, lookup(CharID(agent: agent, seq: first)) != nil {
                leftID = OpID(id.replica, first)
                first += 1
                content.removeFirst()
            }
        }
        if content.isEmpty { return .applied([], newCharacters: nil) }
        guard let leftKnown = known(leftID) else { return .waiting(for: leftID!) }
        guard let rightKnown = known(originRight) else { return .waiting(for: originRight!) }
        let agent = agentNumber(id.replica)
        let count = content.count
        growAgent(agent, upTo: first + UInt64(count) - 1)
        for (offset, scalar) in content.enumerated() { scalars[Int(agent)][Int(first) - 1 + offset] = scalar }

        guard let placement = place(replica: id.replica, originLeft: leftKnown, originRight: rightKnown) else {
            return .applied([], newCharacters: nil)  // no replica could have made it: dropped everywhere
        }
        let run: RunRef
        let offset: Int
        let before = placement.map { tree.predecessor(of: $0) } ?? tree.last
        if let previous = before, case let node = tree[previous], node.agent == agent,
            node.seq + UInt64(node.count) == first, !node.isDeleted, node.originRight == rightKnown,
            leftKnown == node.id(at: node.count - 1)
        {
            offset = node.count
            tree[previous].length += Int32(count)
            tree.refresh(previous)
            run = previous
        } else {
            run = tree.insert(
                RunNode(
                    agent: agent, seq: first, length: count, originLeft: leftKnown, originRight: rightKnown,
                    isDeleted: false),
                before: placement)
            offset = 0
        }
        for index in 0..<count { runOf[Int(agent)][Int(first) - 1 + index] = run }
        let added = (id.replica, first...first + UInt64(count) - 1)
        guard report else { return .applied([], newCharacters: added) }
        let edit = TextEdit.insert(
            at: tree.visiblePosition(of: run) + offset, text: String(String.UnicodeScalarView(content)))
        return .applied([edit], newCharacters: added)
    }

    /// The run the new characters go before (nil: the end), by FugueMax's rule; `.some(nil)`
    /// vs nil: nil when the origins are in an order no replica could have made.
    private func place(replica: ReplicaID, originLeft: CharID?, originRight: CharID?) -> RunRef?? {
        if let originLeft { splitAfter(originLeft) }
        if let originRight { splitBefore(originRight) }
        let left = originLeft.map(totalPosition) ?? -1
        let right = originRight.map(totalPosition) ?? tree.totalCount
        guard left < right else { return nil }
        var cursor: RunRef? =
            originLeft.flatMap { lookup($0).flatMap { tree.successor(of: $0) } }
            ?? (originLeft == nil ? tree.first : nil)
        var destination = cursor
        var scanning = false
        while let run = cursor {
            if !scanning { destination = run }
            if tree.totalPosition(of: run) >= right { break }
            let node = tree[run]
            let otherLeft = node.originLeft.map(totalPosition) ?? -1
            let otherRight = node.originRight.map(totalPosition) ?? tree.totalCount
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

    private func applyDelete(id: OpID, ranges: [TextOp.DeletedRange], op: TextOp, report: Bool) -> Outcome {
        guard seenDeletes[id] == nil else { return .applied([], newCharacters: nil) }
        var targets: [(agent: Int32, first: UInt64, end: UInt64)] = []
        for range in ranges {
            let end = range.first.counter + UInt64(range.count)
            let last = OpID(range.first.replica, end - 1)
            guard let agent = agentNumbers[range.first.replica] else { return .waiting(for: range.first) }
            // The range's ends must be here (holes between are counters of other deletes).
            guard lookup(CharID(agent: agent, seq: range.first.counter)) != nil else {
                return .waiting(for: range.first)
            }
            guard lookup(CharID(agent: agent, seq: end - 1)) != nil else { return .waiting(for: last) }
            targets.append((agent, range.first.counter, end))
        }
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
                    tree[run].isDeleted = true
                    tree.refresh(run)
                }
                seq = node.seq + UInt64(node.count)
            }
        }
        seenDeletes[id] = ()
        deletes.append(op)
        return .applied(edits, newCharacters: nil)
    }

    // MARK: Splitting

    private func totalPosition(_ id: CharID) -> Int {
        let run = lookup(id)!
        return tree.totalPosition(of: run) + Int(id.seq - tree[run].seq)
    }

    /// Makes `id` the last character of its run.
    private func splitAfter(_ id: CharID) {
        guard let run = lookup(id) else { return }
        let offset = Int(id.seq - tree[run].seq) + 1
        if offset < tree[run].count { split(run, at: offset) }
    }

    /// Makes `id` the first character of its run.
    private func splitBefore(_ id: CharID) {
        guard let run = lookup(id) else { return }
        let offset = Int(id.seq - tree[run].seq)
        if offset > 0 { split(run, at: offset) }
    }

    private func split(_ run: RunRef, at offset: Int) {
        let node = tree[run]
        let tail = RunNode(
            agent: node.agent, seq: node.seq + UInt64(offset), length: node.count - offset,
            originLeft: node.id(at: offset - 1), originRight: node.originRight, isDeleted: node.isDeleted)
        tree[run].length = Int32(offset)
        tree.refresh(run)
        let tailRef = tree.insert(tail, before: tree.successor(of: run))
        for index in 0..<tail.count { runOf[Int(node.agent)][Int(tail.seq) - 1 + index] = tailRef }
    }

}
