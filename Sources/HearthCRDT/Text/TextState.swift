/// The state behind a `TextDocument`: the runs in document order (each knows whether its
/// characters are deleted: deletes have no ids, so that is all there is to know of them), what is
/// known about every agent's counters, and ops waiting for characters that have not arrived. A
/// value type made of arrays, so copies share storage until one of them changes.
struct TextState: Sendable {
    var tree = RunTree()
    /// Replica ids by local agent number, and back.
    var agents: [ReplicaID] = []
    var agentNumbers: [ReplicaID: Int32] = [:]
    /// The agent looked up last: typing, and a batch from one author, ask for it again and again.
    private var recent: (replica: ReplicaID, agent: Int32)?
    var characters: [AgentCharacters] = []
    /// Ops that refer to characters not here yet, by the first missing one.
    var waiting: [CharID: [TextOp]] = [:]
    /// The mark of the last FugueMax scan (see `RunNode.scanMark`).
    var scanMark: UInt32 = 0
    /// Whether the scalars of visible characters are kept; not for a sequence of positions
    /// (`MovableList`'s), whose characters stand for elements and have no text: such a state has
    /// no text, makes no ops that carry it (its saved form is its owner's) and reports no edits.
    let keepsContent: Bool

    init(keepsContent: Bool = true) { self.keepsContent = keepsContent }

    var count: Int { tree.visibleCount }

    /// The visible text, written straight into the string's storage: in one pass into room for
    /// a byte per scalar plus the extra bytes of every scalar ever stored, unless that room would
    /// be more than twice the visible scalars plus 64 (much text outside ASCII, deleted or not);
    /// then its length is counted first.
    var text: String {
        precondition(keepsContent, "a sequence of positions has no text")
        let bound = count + characters.reduce(0) { $0 + $1.extraUTF8Bytes }
        if bound <= 2 * count + 64 { return writeText(capacity: bound) }
        var length = 0
        tree.forEach { _, run in
            if !run.isDeleted { length += characters[Int(run.agent)].utf8Length(from: run.seq, count: run.count) }
        }
        return writeText(capacity: length)
    }

    /// The visible text, in a string of `capacity` bytes (at least the text's UTF-8 length).
    private func writeText(capacity: Int) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var written = 0
            tree.forEach { _, run in
                guard !run.isDeleted else { return }
                written = characters[Int(run.agent)].writeUTF8(
                    from: run.seq, count: run.count, into: buffer, at: written)
            }
            // Past the room, memory after the string was overwritten: stop rather than go on.
            precondition(written <= capacity, "the text's UTF-8 took \(written) bytes, room for \(capacity)")
            return written
        }
    }

    // MARK: Ids

    func opID(_ id: CharID) -> OpID { OpID(agents[Int(id.agent)], id.seq) }

    /// The local number of a replica seen before.
    func knownAgent(_ replica: ReplicaID) -> Int32? {
        if let recent, recent.replica == replica { return recent.agent }
        return agentNumbers[replica]
    }

    mutating func agent(of replica: ReplicaID) -> Int32? {
        if let recent, recent.replica == replica { return recent.agent }
        guard let number = agentNumbers[replica] else { return nil }
        recent = (replica, number)
        return number
    }

    /// The local number of a replica, given one if it is new.
    mutating func agentNumber(_ replica: ReplicaID) -> Int32 {
        if let number = agent(of: replica) { return number }
        let number = Int32(agents.count)
        agents.append(replica)
        agentNumbers[replica] = number
        characters.append(AgentCharacters())
        recent = (replica, number)
        return number
    }

    mutating func charID(_ id: OpID) -> CharID? {
        agent(of: id.replica).map { CharID(agent: $0, seq: id.counter) }
    }

    /// The run holding character `id`, if it is here.
    @inline(__always)
    func lookup(_ id: CharID) -> RunRef? {
        characters[Int(id.agent)].run(containing: id.seq) { tree.nodes[Int($0)].length }
    }

    // MARK: Runs

    /// Puts `length` new characters of `agent` from `first` into the tree between two adjacent
    /// runs, continuing `predecessor`'s run when they extend it; records them, with their scalars from
    /// `content` after its first `skip` scalars (nil: characters placed deleted); returns their run.
    @discardableResult
    mutating func attach(
        agent: Int32, first: UInt64, length: Int, originLeft: CharID?, originRight: CharID?,
        content: (some Sequence<Unicode.Scalar>)?, skipping skip: Int = 0, after predecessor: RunRef?,
        before successor: RunRef?
    ) -> RunRef {
        let deleted = content == nil
        let run: RunRef
        let startsRun: Bool
        if let predecessor, case let node = tree[predecessor], node.agent == agent, node.end == first,
            node.isDeleted == deleted, node.originRight == originRight, originLeft == node.lastID
        {
            tree[predecessor].length += Int32(length)
            tree.refresh(predecessor)
            run = predecessor
            startsRun = false
        } else {
            let node = RunNode(
                agent: agent, seq: first, length: length, originLeft: originLeft, originRight: originRight,
                isDeleted: deleted)
            run = predecessor.map { tree.insert(node, after: $0) } ?? tree.insert(node, before: successor)
            startsRun = true
        }
        var scalars = keepsContent ? content?.makeIterator() : nil
        for _ in 0..<skip { _ = scalars?.next() }
        characters[Int(agent)].place(from: first, count: length, startingRun: startsRun ? run : nil, scalars: &scalars)
        return run
    }

    /// Cuts a run `offset` characters in (0 < offset < count); returns the second part.
    @discardableResult
    mutating func split(_ run: RunRef, at offset: Int) -> RunRef {
        let node = tree[run]
        let tail = RunNode(
            agent: node.agent, seq: node.seq + UInt64(offset), length: node.count - offset,
            originLeft: node.id(at: offset - 1), originRight: node.originRight, isDeleted: node.isDeleted)
        tree[run].length = Int32(offset)
        tree.refresh(run)
        let tailRef = tree.insert(tail, after: run)
        characters[Int(node.agent)].setStart(of: tailRef, at: tail.seq)
        return tailRef
    }

    /// Makes character `id`, in `run`, the last of its run; returns the run (which holds it still).
    mutating func splitAfter(_ id: CharID, in run: RunRef) -> RunRef {
        let offset = Int(id.seq - tree[run].seq) + 1
        if offset < tree[run].count { split(run, at: offset) }
        return run
    }

    /// Makes character `id`, in `run`, the first of its run; returns the run that now holds it.
    mutating func splitBefore(_ id: CharID, in run: RunRef) -> RunRef {
        let offset = Int(id.seq - tree[run].seq)
        return offset > 0 ? split(run, at: offset) : run
    }
}
