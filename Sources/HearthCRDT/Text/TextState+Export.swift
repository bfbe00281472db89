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
    /// differ between replicas, so runs compare by replica id). Deletes have no ids, so the
    /// runs are all there is.
    func sameState(as other: TextState) -> Bool {
        let mine = canonicalRuns()
        let theirs = other.canonicalRuns()
        guard mine.count == theirs.count else { return false }
        for (a, b) in zip(mine, theirs) {
            guard a.seq == b.seq, a.length == b.length, a.isDeleted == b.isDeleted,
                agents[Int(a.agent)] == other.agents[Int(b.agent)],
                a.originLeft.map({ opID($0) }) == b.originLeft.map({ other.opID($0) }),
                a.originRight.map({ opID($0) }) == b.originRight.map({ other.opID($0) })
            else { return false }
        }
        return true
    }

    /// The ops that insert (part of) a run, skipping its first `skip` characters: one, or for a
    /// long deleted run one per `TextOp.maxDeletedRun` characters.
    func insertOps(for run: CanonicalRun, skipping skip: Int = 0) -> [TextOp] {
        guard run.isDeleted else { return [insertOp(for: run, skipping: skip)] }
        return stride(from: skip, to: run.length, by: TextOp.maxDeletedRun).map { start in
            var piece = run
            piece.length = min(run.length, start + TextOp.maxDeletedRun)
            return insertOp(for: piece, skipping: start)
        }
    }

    /// The op that inserts (part of) a run, skipping its first `skip` characters.
    private func insertOp(for run: CanonicalRun, skipping skip: Int) -> TextOp {
        let id = OpID(agents[Int(run.agent)], run.seq + UInt64(skip))
        let left = skip == 0 ? run.originLeft.map { opID($0) } : OpID(id.replica, id.counter - 1)
        let right = run.originRight.map { opID($0) }
        if run.isDeleted {
            return .insertDeleted(id: id, originLeft: left, originRight: right, count: run.length - skip)
        }
        precondition(keepsContent, "a sequence of positions has no text to send")
        let text = characters[Int(run.agent)].string(from: id.counter, count: run.length - skip)
        return .insert(id: id, originLeft: left, originRight: right, text: text)
    }

    /// Enough ops for a replica that has seen `vector`: one insert per run of characters it lacks
    /// (deleted ones without their content), oldest counters first, then a delete of each run of
    /// deleted characters it has (a delete has no id, so the vector cannot tell whether it saw
    /// that delete; deleting twice changes nothing). One delete per run, so a run the other
    /// replica is still waiting for holds back only its own delete.
    func ops(since vector: VersionVector<ReplicaID>) -> [TextOp] {
        var inserts: [TextOp] = []
        var deletes: [TextOp] = []
        for run in canonicalRuns() {
            let seen = vector[agents[Int(run.agent)]]
            if run.isDeleted && seen >= run.seq {
                let range = TextOp.DeletedRange(
                    first: OpID(agents[Int(run.agent)], run.seq),
                    count: Int(min(seen - run.seq + 1, UInt64(run.length))))
                deletes.append(.delete(ranges: TextOp.DeletedRanges(range)))
            }
            guard seen < run.seq + UInt64(run.length) - 1 else { continue }
            inserts += insertOps(for: run, skipping: seen >= run.seq ? Int(seen - run.seq) + 1 : 0)
        }
        inserts.sort { ($0.id!.counter, $0.id!.replica) < ($1.id!.counter, $1.id!.replica) }
        return inserts + deletes
    }

    // MARK: Saved state

    /// A batch of the runs in document order (deleted ones without content): the same bytes on
    /// every replica with the same state. Loading lays the runs out as they come, without
    /// placing anything.
    func encode(to writer: inout BinaryWriter) {
        TextOpBatch(canonicalRuns().flatMap { insertOps(for: $0) }).encode(to: &writer)
    }

    init(from reader: inout BinaryReader) throws {
        self.init()
        let batch = try TextOpBatch(from: &reader)
        var table: [Int32] = []
        for replica in batch.replicas { table.append(agentNumber(replica)) }
        func character(_ reference: TextOpBatch.Reference) -> CharID {
            CharID(agent: table[Int(reference.replica)], seq: reference.counter)
        }
        var nodes: [RunNode] = []
        nodes.reserveCapacity(batch.entries.count)
        var index = batch.entries.startIndex
        while index < batch.entries.endIndex, batch.entries[index].kind != .delete {
            let entry = batch.entries[index]
            let id = character(entry.id)
            guard AgentCharacters.holds(id.seq, count: entry.count) else {
                throw CRDTDecodingError.invalidValue("a text run past counter \(AgentCharacters.maxCounter)")
            }
            let repeats = nodes.withUnsafeBufferPointer { runs in
                characters[Int(id.agent)].holdsAny(from: id.seq, count: entry.count) { runs[Int($0)].length }
            }
            guard !repeats else {
                throw CRDTDecodingError.invalidValue("a text run that repeats characters")
            }
            var scalars = entry.kind == .insert ? batch.scalars(of: entry) : nil
            characters[Int(id.agent)].place(
                from: id.seq, count: entry.count, startingRun: RunRef(nodes.count), scalars: &scalars)
            nodes.append(
                RunNode(
                    agent: id.agent, seq: id.seq, length: entry.count, originLeft: nil, originRight: nil,
                    isDeleted: entry.kind == .insertDeleted))
            index += 1
        }
        // Origins may name runs further on: resolve them now that every run is known. A left
        // origin lies in an earlier run and a right origin in a later one, as placing puts them
        // (inserting between two origins never reorders them), which placement relies on.
        func origin(
            _ reference: TextOpBatch.Reference, of run: Int, isLeft: Bool, in runs: UnsafeBufferPointer<RunNode>
        )
            throws -> CharID?
        {
            guard reference.replica >= 0 else { return nil }
            let char = character(reference)
            guard let found = characters[Int(char.agent)].run(containing: char.seq, length: { runs[Int($0)].length })
            else { throw CRDTDecodingError.invalidValue("an origin that is not in the text") }
            guard isLeft ? Int(found) < run : Int(found) > run else {
                throw CRDTDecodingError.invalidValue(
                    "a run whose \(isLeft ? "left origin is not before" : "right origin is not after") it")
            }
            return char
        }
        try nodes.withUnsafeMutableBufferPointer { runs in
            for (run, entry) in batch.entries[..<index].enumerated() {
                let left = try origin(entry.left, of: run, isLeft: true, in: UnsafeBufferPointer(runs))
                let right = try origin(entry.right, of: run, isLeft: false, in: UnsafeBufferPointer(runs))
                runs[run].originLeft = left
                runs[run].originRight = right
            }
        }
        tree.build(nodes)
        // A state saved before deletes lost their ids (version 1) lists its delete ops after the
        // runs, whose characters they name are deleted already: they must name characters of
        // the state (a delete that would wait, or is dropped, does not), and are applied as any
        // delete is.
        for entry in batch.entries[index...] {
            guard entry.kind == .delete else { throw CRDTDecodingError.invalidValue("an insert among the deletes") }
            guard batch.decodedVersion == 1 else {
                throw CRDTDecodingError.invalidValue("a delete in a text state (only version 1 states list them)")
            }
            let outcome = integrateDelete(
                targets: Self.deleteTargets(of: entry, in: batch, agents: table), report: false, recount: true)
            guard case .applied = outcome else {
                throw CRDTDecodingError.invalidValue("a delete of characters that are not in the text")
            }
        }
    }
}
