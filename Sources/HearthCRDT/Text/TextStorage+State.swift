extension TextStorage {
    /// A run as it is compared and encoded: runs that continue each other are merged, so equal
    /// documents give equal lists whatever order their ops arrived in.
    struct CanonicalRun: Equatable {
        var replica: ReplicaID
        var seq: UInt64
        var length: Int
        var originLeft: OpID?
        var originRight: OpID?
        var isDeleted: Bool
    }

    func canonicalRuns() -> [CanonicalRun] {
        var result: [CanonicalRun] = []
        tree.forEach { _, run in
            let replica = agents[Int(run.agent)]
            if var last = result.last, last.replica == replica, last.seq + UInt64(last.length) == run.seq,
                last.isDeleted == run.isDeleted, last.originRight == run.originRight.map(opID),
                run.originLeft.map(opID) == OpID(replica, run.seq - 1)
            {
                last.length += run.count
                result[result.count - 1] = last
            } else {
                result.append(
                    CanonicalRun(
                        replica: replica, seq: run.seq, length: run.count, originLeft: run.originLeft.map(opID),
                        originRight: run.originRight.map(opID), isDeleted: run.isDeleted))
            }
        }
        return result
    }

    func sameState(as other: TextStorage) -> Bool {
        self === other || canonicalRuns() == other.canonicalRuns()
    }

    func text(of run: CanonicalRun) -> String {
        let agent = Int(agentNumbers[run.replica]!)
        let start = Int(run.seq) - 1
        return String(String.UnicodeScalarView(scalars[agent][start..<start + run.length]))
    }

    /// Enough ops for a replica that has seen `vector`: the characters it lacks, as one insert
    /// per run (in document order; a receiver waits for origins it lacks), then the deletes.
    func ops(since vector: VersionVector<ReplicaID>) -> [TextOp] {
        var ops: [TextOp] = []
        for run in canonicalRuns() {
            let seen = vector[run.replica]
            let last = run.seq + UInt64(run.length) - 1
            guard seen < last else { continue }
            let skip = seen >= run.seq ? Int(seen - run.seq) + 1 : 0
            let text = self.text(of: run).unicodeScalars.dropFirst(skip)
            ops.append(
                .insert(
                    id: OpID(run.replica, run.seq + UInt64(skip)),
                    originLeft: skip == 0 ? run.originLeft : OpID(run.replica, run.seq + UInt64(skip) - 1),
                    originRight: run.originRight, text: String(String.UnicodeScalarView(text))))
        }
        return ops + deletes.filter { !vector.contains($0.id.replica, $0.id.counter) }
    }

    /// A copy that shares nothing with this one.
    func copy() -> TextStorage {
        let copy = TextStorage()
        copy.agents = agents
        copy.agentNumbers = agentNumbers
        copy.scalars = scalars
        copy.runOf = runOf  // run references are indices into the tree's array, copied with it
        copy.tree = tree
        copy.deletes = deletes
        copy.seenDeletes = seenDeletes
        copy.waiting = waiting
        return copy
    }

    // MARK: Encoding

    /// Version, the runs in document order (each with its text, deleted or not), then the delete
    /// ops. Loading rebuilds the tree directly, without integrating anything.
    func encode(to writer: inout BinaryWriter) {
        writer.write(varint: EncodingVersion.current)
        let runs = canonicalRuns()
        writer.write(varint: UInt64(runs.count))
        for run in runs {
            run.replica.encode(to: &writer)
            writer.write(varint: run.seq)
            run.originLeft.encode(to: &writer)
            run.originRight.encode(to: &writer)
            run.isDeleted.encode(to: &writer)
            writer.write(string: text(of: run))
        }
        deletes.sorted { $0.id < $1.id }.encode(to: &writer)
    }

    convenience init(from reader: inout BinaryReader) throws {
        self.init()
        try EncodingVersion.read(&reader)
        var inserts: [TextOp] = []
        let runCount = try reader.readCount(limit: reader.remaining)
        for _ in 0..<runCount {
            let replica = try ReplicaID(from: &reader)
            let seq = try reader.readVarint()
            let left = try OpID?(from: &reader)
            let right = try OpID?(from: &reader)
            let deleted = try Bool(from: &reader)
            let content = Array(try reader.readString().unicodeScalars)
            guard seq > 0, !content.isEmpty, seq < UInt64(Int32.max) else {
                throw CRDTDecodingError.invalidValue("a text run at counter \(seq) of length \(content.count)")
            }
            let agent = agentNumber(replica)
            let end = seq + UInt64(content.count) - 1
            guard end < UInt64(Int32.max) else {
                throw CRDTDecodingError.invalidValue("a text run past counter \(Int32.max)")
            }
            growAgent(agent, upTo: end)
            guard (0..<content.count).allSatisfy({ runOf[Int(agent)][Int(seq) - 1 + $0] < 0 }) else {
                throw CRDTDecodingError.invalidValue("a text run that repeats characters")
            }
            let run = tree.insert(
                RunNode(
                    agent: agent, seq: seq, length: content.count, originLeft: left.flatMap(charID),
                    originRight: right.flatMap(charID), isDeleted: deleted),
                before: nil)
            for (offset, scalar) in content.enumerated() {
                scalars[Int(agent)][Int(seq) - 1 + offset] = scalar
                runOf[Int(agent)][Int(seq) - 1 + offset] = run
            }
            inserts.append(
                .insert(
                    id: OpID(replica, seq), originLeft: left, originRight: right,
                    text: String(String.UnicodeScalarView(content))))
        }
        for op in try [TextOp](from: &reader) {
            guard case .delete(let id, _) = op else { throw CRDTDecodingError.invalidValue("an insert among deletes") }
            seenDeletes[id] = ()
            deletes.append(op)
        }
        // Origins may name runs further on: resolve them now that every run is known.
        try resolveOrigins(from: inserts)
    }

    /// Fills in the origins of the loaded runs (whose ids may point forward in the encoding).
    private func resolveOrigins(from log: [TextOp]) throws {
        for op in log {
            guard case .insert(let id, let left, let right, _) = op, let char = charID(id), let run = lookup(char)
            else {
                continue
            }
            if let left {
                guard let resolved = charID(left), lookup(resolved) != nil else {
                    throw CRDTDecodingError.invalidValue("an origin that is not in the text")
                }
                tree[run].originLeft = resolved
            }
            if let right {
                guard let resolved = charID(right), lookup(resolved) != nil else {
                    throw CRDTDecodingError.invalidValue("an origin that is not in the text")
                }
                tree[run].originRight = resolved
            }
        }
    }

    func growAgent(_ agent: Int32, upTo seq: UInt64) {
        let needed = Int(seq)
        if scalars[Int(agent)].count < needed {
            let missing = needed - scalars[Int(agent)].count
            scalars[Int(agent)].append(contentsOf: repeatElement(" ", count: missing))
            runOf[Int(agent)].append(contentsOf: repeatElement(-1, count: missing))
        }
    }
}
