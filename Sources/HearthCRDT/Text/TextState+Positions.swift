/// A text state used as a sequence of positions (by `MovableList`): each character is a place
/// an element was put, visible while its element is there. Ids here are the state's own agent
/// numbers, so the list never hashes a replica id on its hot path.
extension TextState {
    /// Whether character `id` is here (placed, visible or not).
    func contains(_ id: CharID) -> Bool { lookup(id) != nil }

    /// Places one character `id` between its origins (which must be here), visible or not, by
    /// the same rule as a text insert; false when it cannot be placed (its counter is out of
    /// range, or the origins are in an order no replica could have made).
    mutating func placePosition(_ id: CharID, originLeft: CharID?, originRight: CharID?, visible: Bool) -> Bool {
        let content: CollectionOfOne<Unicode.Scalar>? = visible ? CollectionOfOne(" ") : nil
        let outcome = integrateInsert(
            id: id, count: 1, left: originLeft, right: originRight, content: content, report: false)
        if case .applied(_, newCharacters: .some) = outcome { return true }  // placed now
        return lookup(id) != nil  // here before, or not placed
    }

    /// The origins character `id` (which must be here) was placed between: its run keeps them
    /// for its first character, and each later one's left origin is the one before it.
    func origins(of id: CharID) -> (left: CharID?, right: CharID?) {
        let node = tree[lookup(id)!]
        let left = id.seq == node.seq ? node.originLeft : CharID(agent: id.agent, seq: id.seq - 1)
        return (left, node.originRight)
    }

    /// Makes character `id` invisible, if it is here and visible (no op: the caller derives it
    /// from its own state).
    mutating func hide(_ id: CharID) {
        guard var run = lookup(id), !tree[run].isDeleted else { return }
        let offset = Int(id.seq - tree[run].seq)
        if offset > 0 { run = split(run, at: offset) }
        if tree[run].count > 1 { split(run, at: 1) }
        tree.markDeleted(run, recount: true)
    }

    /// The visible character at `index` (0..<count).
    mutating func character(atVisible index: Int) -> CharID {
        let (run, offset) = tree.run(atVisible: index)
        return tree[run].id(at: offset)
    }

    /// The visible characters before character `id` (which must be here).
    mutating func visibleIndex(of id: CharID) -> Int {
        let run = lookup(id)!
        let node = tree[run]
        return tree.visiblePosition(of: run) + (node.isDeleted ? 0 : Int(id.seq - node.seq))
    }

    /// Visits the visible characters in order.
    func forEachVisible(_ body: (CharID) -> Void) {
        tree.forEach { _, run in
            guard !run.isDeleted else { return }
            for offset in 0..<run.count { body(run.id(at: offset)) }
        }
    }
}
