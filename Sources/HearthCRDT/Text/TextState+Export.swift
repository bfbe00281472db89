/// What leaves a text document: its runs in a canonical form (for equality and encoding), the
/// ops another replica lacks, and the saved state.
extension TextState {
    /// A run as it is compared and encoded: runs that continue each other are merged, so equal
    /// documents give equal lists whatever order their ops arrived in.
    struct CanonicalRun: Equatable {
        var agent: Int32
        var seq: UInt64
        var length: Int
        var originLeft: CharID?
        var originRight: CharID?
        var isDeleted: Bool
    }

    func canonicalRuns() -> [CanonicalRun] {
        var result: [CanonicalRun] = []
        tree.forEach { _, run in
            if let last = result.last, last.agent == run.agent, last.seq + UInt64(last.length) == run.seq,
                last.isDeleted == run.isDeleted, last.originRight == run.originRight,
                run.originLeft == CharID(agent: run.agent, seq: run.seq - 1)
            {
                result[result.count - 1].length += run.count
            } else {
                result.append(
                    CanonicalRun(
                        agent: run.agent, seq: run.seq, length: run.count, originLeft: run.originLeft,
                        originRight: run.originRight, isDeleted: run.isDeleted))
            }
        }
        return result
    }

    /// Same characters in the same order with the same origins and deletions (agent numbers
    /// differ between replicas, so runs compare by replica id).
    func sameState(as other: TextState) -> Bool {
        let mine = canonicalRuns()
        let theirs = other.canonicalRuns()
        guard mine.count == theirs.count else { return false }
        for (a, b) in zip(mine, theirs) {
            guard a.seq == b.seq, a.length == b.length, a.isDeleted == b.isDeleted,
                agents[Int(a.agent)] == other.agents[Int(b.agent)],
                a.originLeft.map(opID) == b.originLeft.map(other.opID),
                a.originRight.map(opID) == b.originRight.map(other.opID)
            else { return false }
        }
        return deleteOps().sorted { $0.id < $1.id } == other.deleteOps().sorted { $0.id < $1.id }
    }

    /// The op that inserts (part of) a run, skipping its first `skip` characters.
    func insertOp(for run: CanonicalRun, skipping skip: Int = 0) -> TextOp {
        let id = OpID(agents[Int(run.agent)], run.seq + UInt64(skip))
        let left = skip == 0 ? run.originLeft.map(opID) : OpID(id.replica, id.counter - 1)
        let right = run.originRight.map(opID)
        if run.isDeleted {
            return .insertDeleted(id: id, originLeft: left, originRight: right, count: run.length - skip)
        }
        var text = String.UnicodeScalarView()
        slots[Int(run.agent)].appendScalars(from: id.counter, count: run.length - skip, to: &text)
        return .insert(id: id, originLeft: left, originRight: right, text: String(text))
    }

    /// The delete ops, rebuilt from the log (one op per run of records with the same id).
    func deleteOps() -> [TextOp] {
        var ops: [TextOp] = []
        var index = deletes.startIndex
        while index < deletes.endIndex {
            let record = deletes[index]
            var ranges: [TextOp.DeletedRange] = []
            while index < deletes.endIndex, deletes[index].agent == record.agent,
                deletes[index].counter == record.counter
            {
                let range = deletes[index]
                ranges.append(TextOp.DeletedRange(first: OpID(agents[Int(range.targetAgent)], range.first), count: range.count))
                index += 1
            }
            ops.append(.delete(id: OpID(agents[Int(record.agent)], record.counter), ranges: ranges))
        }
        return ops
    }

    /// Enough ops for a replica that has seen `vector`: one insert per run of characters it lacks
    /// (deleted ones without their content), oldest counters first, then the deletes it lacks.
    func ops(since vector: VersionVector<ReplicaID>) -> [TextOp] {
        var inserts: [TextOp] = []
        for run in canonicalRuns() {
            let seen = vector[agents[Int(run.agent)]]
            guard seen < run.seq + UInt64(run.length) - 1 else { continue }
            inserts.append(insertOp(for: run, skipping: seen >= run.seq ? Int(seen - run.seq) + 1 : 0))
        }
        inserts.sort { ($0.id.counter, $0.id.replica) < ($1.id.counter, $1.id.replica) }
        return inserts + deleteOps().filter { !vector.contains($0.id.replica, $0.id.counter) }
    }

    // MARK: Saved state

    /// A batch of the runs in document order (deleted ones without content) and the delete ops
    /// in id order: the same bytes on every replica with the same state. Loading lays the runs
    /// out as they come, without placing anything.
    func encode(to writer: inout BinaryWriter) {
        let runs = canonicalRuns().map { insertOp(for: $0) }
        TextOpBatch(runs + deleteOps().sorted { $0.id < $1.id }).encode(to: &writer)
    }

    init(from reader: inout BinaryReader) throws {
        self.init()
        let ops = try TextOpBatch(from: &reader).ops
        var nodes: [RunNode] = []
        var origins: [(left: OpID?, right: OpID?)] = []
        var deletesStart = ops.endIndex
        runs: for (index, op) in ops.enumerated() {
            let run: (id: OpID, left: OpID?, right: OpID?, content: String?, count: Int)
            switch op {
            case .insert(let id, let left, let right, let text): run = (id, left, right, text, text.unicodeScalars.count)
            case .insertDeleted(let id, let left, let right, let count): run = (id, left, right, nil, count)
            case .delete:
                deletesStart = index
                break runs
            }
            guard run.id.counter <= AgentSlots.maxCounter - UInt64(run.count) + 1 else {
                throw CRDTDecodingError.invalidValue("a text run past counter \(AgentSlots.maxCounter)")
            }
            let agent = agentNumber(run.id.replica)
            let ref = RunRef(nodes.count)
            let counters = run.id.counter..<run.id.counter + UInt64(run.count)
            guard counters.allSatisfy({ slots[Int(agent)][$0].run == Slot.unknown.run }) else {
                throw CRDTDecodingError.invalidValue("a text run that repeats characters")
            }
            if let content = run.content {
                for (counter, scalar) in zip(counters, content.unicodeScalars) {
                    slots[Int(agent)][counter] = Slot(scalar: scalar, run: ref)
                }
            } else {
                slots[Int(agent)].setRun(ref, from: run.id.counter, count: run.count)
            }
            nodes.append(
                RunNode(
                    agent: agent, seq: run.id.counter, length: run.count, originLeft: nil, originRight: nil,
                    isDeleted: run.content == nil))
            origins.append((run.left, run.right))
        }
        // Origins may name runs further on: resolve them now that every run is known.
        for (index, origin) in origins.enumerated() {
            if let left = origin.left { nodes[index].originLeft = try existingCharacter(left) }
            if let right = origin.right { nodes[index].originRight = try existingCharacter(right) }
        }
        tree.build(nodes)
        for op in ops[deletesStart...] {
            guard case .delete(let id, let ranges) = op, id.counter <= AgentSlots.maxCounter else {
                throw CRDTDecodingError.invalidValue("an insert among the deletes")
            }
            let agent = agentNumber(id.replica)
            guard slots[Int(agent)][id.counter].run == Slot.unknown.run else {
                throw CRDTDecodingError.invalidValue("a delete whose id is taken")
            }
            for range in ranges {
                guard range.first.counter <= AgentSlots.maxCounter else {
                    throw CRDTDecodingError.invalidValue("a delete past counter \(AgentSlots.maxCounter)")
                }
                let first = try existingCharacter(range.first)
                let last = try existingCharacter(OpID(range.first.replica, range.first.counter + UInt64(range.count) - 1))
                recordDelete(agent: agent, counter: id.counter, target: first.agent, first: first.seq, count: Int(last.seq - first.seq) + 1)
            }
            slots[Int(agent)][id.counter] = .appliedDelete
        }
    }

    private mutating func existingCharacter(_ id: OpID) throws -> CharID {
        guard let char = charID(id), lookup(char) != nil else {
            throw CRDTDecodingError.invalidValue("a reference to a character that is not in the text")
        }
        return char
    }
}
