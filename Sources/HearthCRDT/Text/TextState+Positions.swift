/// A text state used as a sequence of positions (by `MovableList`): each character is a place
/// an element was put, visible while the element is there.
extension TextState {
    /// Whether character `id` is here (placed, visible or not).
    func contains(_ id: OpID) -> Bool {
        guard let agent = knownAgent(id.replica) else { return false }
        return lookup(CharID(agent: agent, seq: id.counter)) != nil
    }

    /// Makes character `id` invisible, if it is here and visible. Unlike a delete op this is not
    /// logged: the caller derives it from its own state.
    mutating func hide(_ id: OpID) {
        guard let char = charID(id), var run = lookup(char), !tree[run].isDeleted else { return }
        let offset = Int(char.seq - tree[run].seq)
        if offset > 0 { run = split(run, at: offset) }
        if tree[run].count > 1 { split(run, at: 1) }
        tree.markDeleted(run, recount: true)
    }

    /// The ids of the visible characters, in order.
    func visibleIDs() -> [OpID] {
        var ids: [OpID] = []
        ids.reserveCapacity(count)
        tree.forEach { _, run in
            guard !run.isDeleted else { return }
            for offset in 0..<run.count { ids.append(OpID(agents[Int(run.agent)], run.seq + UInt64(offset))) }
        }
        return ids
    }
}
