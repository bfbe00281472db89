/// Ops from other replicas (or from a saved history): placed by FugueMax's rule, each
/// idempotent, each waiting for the characters it refers to.
extension TextState {
    /// Characters an op added: ops waiting for one of them may go now.
    struct NewCharacters {
        var agent: Int32
        var first: UInt64
        var end: UInt64
    }

    enum Outcome {
        case applied([TextEdit], newCharacters: NewCharacters?)
        case waiting(for: CharID)

        static let nothing = Outcome.applied([], newCharacters: nil)
    }

    /// A deleted range with its replica replaced by the agent number.
    struct DeleteTarget {
        var agent: Int32
        var first: UInt64
        var count: Int
    }

    /// The ranges of a batch's delete entry, its replica indexes turned into agent numbers by
    /// `agents`.
    static func deleteTargets(
        of entry: TextOpBatch.Entry, in batch: TextOpBatch, agents: [Int32]
    ) -> some Collection<DeleteTarget> {
        batch.ranges[entry.start..<entry.start + entry.count].lazy.map {
            DeleteTarget(agent: agents[Int($0.first.replica)], first: $0.first.counter, count: $0.count)
        }
    }

    /// Applies an op, and any waiting ops it makes ready; returns the changes to the visible text
    /// when `report` is set. With `recount` false, deletes leave the visible counts stale for
    /// `tree.recountAll()` to fix once at the end of a batch (no reports then).
    mutating func apply(_ op: TextOp, report: Bool, recount: Bool = true) -> [TextEdit] {
        var edits: [TextEdit] = []
        var queue: [TextOp] = []
        var next: TextOp? = op
        while let current = next ?? queue.popLast() {
            next = nil
            switch integrate(current, report: report, recount: recount) {
            case .applied(let more, let newCharacters):
                edits += more
                if let newCharacters { release(newCharacters, into: &queue) }
            case .waiting(let missing):
                park(current, waitingFor: missing)
            }
        }
        return edits
    }

    /// Applies a decoded batch straight from its packed form. A batch large next to the
    /// document is applied with the runs as a plain linked list (each op that lands next to its
    /// origins, as all do unless concurrent inserts met at one place, costs O(1)), rebuilt into a
    /// balanced tree at the end; the first op that needs positions turns the tree back on. A
    /// smaller batch recounts visible characters once at the end rather than after every
    /// deleted run.
    mutating func apply(batch: TextOpBatch) {
        let recount = batch.entries.count < 64
        tree.reserveCapacity(batch.entries.count * 2)
        if !recount && batch.entries.count >= tree.nodes.count / 4 { tree.beginList() }
        defer { tree.endList() }
        var table: [Int32] = []
        for replica in batch.replicas { table.append(agentNumber(replica)) }
        func resolve(_ reference: TextOpBatch.Reference) -> CharID? {
            reference.replica < 0 ? nil : CharID(agent: table[Int(reference.replica)], seq: reference.counter)
        }
        for entry in batch.entries {
            let outcome: Outcome
            switch entry.kind {
            case .insert:
                outcome = integrateInsert(
                    id: resolve(entry.id)!, count: entry.count, left: resolve(entry.left), right: resolve(entry.right),
                    content: batch.scalars(of: entry), report: false)
            case .insertDeleted:
                outcome = integrateInsert(
                    id: resolve(entry.id)!, count: entry.count, left: resolve(entry.left), right: resolve(entry.right),
                    content: nil as UTF8Scalars<[UInt8]>?, report: false)
            case .delete:
                outcome = integrateDelete(
                    targets: Self.deleteTargets(of: entry, in: batch, agents: table), report: false, recount: recount)
            }
            switch outcome {
            case .applied(_, let newCharacters):
                guard let newCharacters else { break }
                var ready: [TextOp] = []
                release(newCharacters, into: &ready)
                for op in ready { _ = apply(op, report: false, recount: recount) }
            case .waiting(let missing):
                park(batch.op(entry), waitingFor: missing)
            }
        }
        if !recount && !tree.isList { tree.recountAll() }
    }

    private mutating func park(_ op: TextOp, waitingFor missing: CharID) {
        if !(waiting[missing]?.contains(op) ?? false) { waiting[missing, default: []].append(op) }
    }

    /// Moves the ops waiting for any of `new` into `queue`, in the order of the characters they
    /// wait for: by looking up each new character, or, when fewer characters are awaited than
    /// arrived, by looking through those (a batch whose ops name characters of later ones keeps
    /// a few waiting while thousands of characters go in).
    private mutating func release(_ new: NewCharacters, into queue: inout [TextOp]) {
        guard !waiting.isEmpty else { return }
        if waiting.count < new.end - new.first {
            let ready = waiting.keys.filter { $0.agent == new.agent && (new.first..<new.end).contains($0.seq) }
            for missing in ready.sorted(by: { $0.seq < $1.seq }) { queue += waiting.removeValue(forKey: missing)! }
        } else {
            for seq in new.first..<new.end {
                if let ready = waiting.removeValue(forKey: CharID(agent: new.agent, seq: seq)) { queue += ready }
            }
        }
        // A dictionary keeps its room when emptied: looking through the few left would walk it.
        if waiting.capacity > 4 * waiting.count + 64 {
            waiting = Dictionary(uniqueKeysWithValues: waiting.lazy.map { ($0.key, $0.value) })
        }
    }

    private mutating func resolve(_ id: OpID) -> CharID { CharID(agent: agentNumber(id.replica), seq: id.counter) }

    private mutating func integrate(_ op: TextOp, report: Bool, recount: Bool) -> Outcome {
        switch op {
        case .insert(let id, let left, let right, let text):
            let (id, left, right) = (resolve(id), left.map { resolve($0) }, right.map { resolve($0) })
            return integrateInsert(
                id: id, count: text.unicodeScalars.count, left: left, right: right, content: text.unicodeScalars,
                report: report)
        case .insertDeleted(let id, let left, let right, let count):
            let (id, left, right) = (resolve(id), left.map { resolve($0) }, right.map { resolve($0) })
            return integrateInsert(
                id: id, count: count, left: left, right: right, content: nil as String.UnicodeScalarView?,
                report: report)
        case .delete(let ranges), .countedDelete(_, let ranges):
            let targets = ranges.map {
                DeleteTarget(agent: agentNumber($0.first.replica), first: $0.first.counter, count: $0.count)
            }
            return integrateDelete(targets: targets, report: report, recount: recount)
        }
    }

    /// Places `count` characters from `id` (deleted ones when `content` is nil).
    mutating func integrateInsert<Content: Sequence<Unicode.Scalar>>(
        id: CharID, count: Int, left: CharID?, right: CharID?, content: Content?, report: Bool
    ) -> Outcome {
        // Counters past the limit: no honest replica makes such an op, and every replica drops
        // it alike.
        guard AgentCharacters.holds(id.seq, count: count), content != nil || count <= TextOp.maxDeletedRun else {
            return .nothing
        }
        let agent = id.agent
        // Skip the characters already here (the op, or part of it, arrived before); place the
        // unknown ones after them, up to any that is here already.
        let (skip, length) = characters[Int(agent)].scan(from: id.seq, count: count) { tree[$0].length }
        if length == 0 { return .nothing }
        let first = id.seq + UInt64(skip)
        let originLeft = skip > 0 ? CharID(agent: agent, seq: first - 1) : left
        let leftRun = originLeft.flatMap { lookup($0) }
        if let originLeft, leftRun == nil { return .waiting(for: originLeft) }
        let rightRun = right.flatMap { lookup($0) }
        if let right, rightRun == nil { return .waiting(for: right) }
        let origins = Origins(left: originLeft, leftRun: leftRun, right: right, rightRun: rightRun)
        guard let place = place(replica: agents[Int(agent)], between: origins) else { return .nothing }
        let run = attach(
            agent: agent, first: first, length: length, originLeft: originLeft, originRight: right,
            content: content, skipping: skip, after: place.after, before: place.before)
        let added = NewCharacters(agent: agent, first: first, end: first + UInt64(length))
        guard report, content != nil else { return .applied([], newCharacters: added) }
        precondition(keepsContent, "a sequence of positions reports no text")
        let position = tree.visiblePosition(of: run) + Int(first - tree[run].seq)
        let text = characters[Int(agent)].string(from: first, count: length)
        return .applied([.insert(at: position, text: text)], newCharacters: added)
    }

    /// Where new characters go: between two adjacent runs (nil: the start or the end).
    private struct Place {
        var after: RunRef?
        var before: RunRef?
    }

    /// An insert's origins (nil: the start or the end), with the runs that held them when looked up.
    private struct Origins {
        var left: CharID?
        var leftRun: RunRef?
        var right: CharID?
        var rightRun: RunRef?
    }

    /// Where new characters with these origins go, by FugueMax's rule; nil when the origins are
    /// in an order no replica could have made.
    private mutating func place(replica: ReplicaID, between origins: Origins) -> Place? {
        let (originLeft, originRight) = (origins.left, origins.right)
        // The left origin ends its run and the right one starts its own (splitting the left's run
        // may move the right origin into the run split off).
        var leftRun = originLeft.map { splitAfter($0, in: origins.leftRun!) }
        let rightRun = originRight.map { right in
            let run = origins.rightRun == origins.leftRun ? lookup(right)! : origins.rightRun!
            return splitBefore(right, in: run)
        }
        // Origins in one run but out of order (a forged op): splitting before the right one may
        // have moved the left one into the run split off. Found again, they fail the order check.
        if let originLeft, origins.leftRun == origins.rightRun { leftRun = lookup(originLeft) }
        var start: RunRef?
        if let leftRun {
            tree.splay(leftRun)
            start = tree.successor(of: leftRun)
        } else {
            start = tree.first
        }
        // Nothing between the origins (no concurrent insert there): the run goes right between.
        if start == rightRun { return Place(after: leftRun, before: rightRun) }
        if tree.isList {
            // Concurrent inserts met here: FugueMax compares positions, which need the tree.
            tree.endList()
            return place(
                replica: replica,
                between: Origins(left: originLeft, leftRun: leftRun, right: originRight, rightRun: rightRun))
        }
        let left = totalPosition(originLeft, absent: -1)
        let right = totalPosition(originRight, absent: tree.totalCount)
        guard left < right else { return nil }
        // The runs passed so far are marked. A scanned run's left origin lies before it, so it is
        // after ours exactly when it is in one of these: that test needs no positions (only a run
        // whose left origin is ours has its right origin's position compared).
        let mark = nextScanMark()
        var cursor = start
        var destination = cursor
        var scanning = false
        scan: while let run = cursor {
            if !scanning { destination = run }
            if run == rightRun { break scan }
            let node = tree[run]
            if node.originLeft == originLeft {
                let otherRight = totalPosition(node.originRight, absent: tree.totalCount)
                if otherRight < right {
                    scanning = true
                } else if otherRight == right {
                    if replica < agents[Int(node.agent)] { break scan }
                    scanning = false
                } else {
                    scanning = false
                }
            } else if !(node.originLeft.flatMap { lookup($0) }.map { tree[$0].scanMark == mark } ?? false) {
                // Its left origin is before ours.
                break scan
            }
            tree[run].scanMark = mark
            cursor = tree.successor(of: run)
        }
        if cursor == nil && !scanning { destination = nil }
        return Place(after: destination.map { tree.predecessor(of: $0) } ?? tree.last, before: destination)
    }

    /// A number no run is marked with yet.
    private mutating func nextScanMark() -> UInt32 {
        if scanMark == UInt32.max {
            tree.clearScanMarks()
            scanMark = 0
        }
        scanMark += 1
        return scanMark
    }

    /// A character's place counting deleted ones; `absent` for no character.
    private mutating func totalPosition(_ id: CharID?, absent: Int) -> Int {
        guard let id else { return absent }
        let run = lookup(id)!
        return tree.totalPosition(of: run) + Int(id.seq - tree[run].seq)
    }

    /// Marks the characters of `targets` deleted (those deleted already stay so), once every
    /// one of them is here. A delete naming a counter past the limit is dropped.
    mutating func integrateDelete(
        targets: some Collection<DeleteTarget>, report: Bool, recount: Bool
    ) -> Outcome {
        for target in targets where !AgentCharacters.holds(target.first, count: target.count) { return .nothing }
        for target in targets {
            let missing = characters[Int(target.agent)].firstMissing(from: target.first, count: target.count) {
                tree[$0].length
            }
            if let missing {
                return .waiting(for: CharID(agent: target.agent, seq: missing))
            }
        }
        var edits: [TextEdit] = []
        for target in targets {
            let end = target.first + UInt64(target.count)
            var seq = target.first
            while seq < end {
                var run = lookup(CharID(agent: target.agent, seq: seq))!
                var node = tree[run]
                if !node.isDeleted {
                    // Cut off what lies outside the range; deleted runs stay whole.
                    if seq > node.seq {
                        run = split(run, at: Int(seq - node.seq))
                        node = tree[run]
                    }
                    if node.end > end {
                        split(run, at: Int(end - node.seq))
                        node = tree[run]
                    }
                    if report { edits.append(.delete(at: tree.visiblePosition(of: run), count: node.count)) }
                    tree.markDeleted(run, recount: recount)
                }
                seq = node.end
            }
        }
        return .applied(edits, newCharacters: nil)
    }
}
