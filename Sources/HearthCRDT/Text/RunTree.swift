/// A run of characters inserted one after another by one agent, with one pair of origins: the
/// first character's left origin (the others' is the character before them) and the right
/// origin all of them share. A node of `RunTree`.
struct RunNode {
    var agent: Int32
    var length: Int32
    var seq: UInt64
    var originLeft: CharID?
    var originRight: CharID?
    var isDeleted: Bool

    var left: Int32 = -1
    var right: Int32 = -1
    var parent: Int32 = -1
    /// Characters in this subtree, deleted ones included, and those visible.
    var subtreeTotal: Int = 0
    var subtreeVisible: Int = 0

    init(agent: Int32, seq: UInt64, length: Int, originLeft: CharID?, originRight: CharID?, isDeleted: Bool) {
        self.agent = agent
        self.seq = seq
        self.length = Int32(length)
        self.originLeft = originLeft
        self.originRight = originRight
        self.isDeleted = isDeleted
    }

    var count: Int { Int(length) }
    var visibleLength: Int { isDeleted ? 0 : Int(length) }

    /// The id of the character `offset` places into this run.
    func id(at offset: Int) -> CharID { CharID(agent: agent, seq: seq + UInt64(offset)) }

    var lastID: CharID { id(at: count - 1) }
    var end: UInt64 { seq + UInt64(length) }
}

/// A run's place in `RunTree.nodes`.
typealias RunRef = Int32

/// The runs of a text document in document order, as a splay tree stored in one array (links are
/// indices, so no reference counting): finding a position, splitting a run and inserting one cost
/// O(log n) amortised, and edits near the last one (typing) are cheaper still, since the last run
/// touched sits at the root.
struct RunTree {
    private(set) var nodes: [RunNode] = []
    private(set) var root: RunRef = -1

    subscript(run: RunRef) -> RunNode {
        get { nodes[Int(run)] }
        set { nodes[Int(run)] = newValue }
    }

    var totalCount: Int { root < 0 ? 0 : nodes[Int(root)].subtreeTotal }
    var visibleCount: Int { root < 0 ? 0 : nodes[Int(root)].subtreeVisible }

    private func total(_ run: RunRef) -> Int { run < 0 ? 0 : nodes[Int(run)].subtreeTotal }
    private func visible(_ run: RunRef) -> Int { run < 0 ? 0 : nodes[Int(run)].subtreeVisible }

    private mutating func update(_ run: RunRef) {
        nodes.withUnsafeMutableBufferPointer { Self.update(run, in: $0.baseAddress!) }
    }

    // MARK: Splaying
    // Rotations run on the array's storage directly: a splay touches a handful of nodes many
    // times, and checked, copy-on-write array access would cost more than the work itself.

    private static func update(_ run: RunRef, in nodes: UnsafeMutablePointer<RunNode>) {
        let node = nodes + Int(run)
        var total = Int(node.pointee.length)
        var visible = node.pointee.isDeleted ? 0 : total
        if node.pointee.left >= 0 {
            total += nodes[Int(node.pointee.left)].subtreeTotal
            visible += nodes[Int(node.pointee.left)].subtreeVisible
        }
        if node.pointee.right >= 0 {
            total += nodes[Int(node.pointee.right)].subtreeTotal
            visible += nodes[Int(node.pointee.right)].subtreeVisible
        }
        node.pointee.subtreeTotal = total
        node.pointee.subtreeVisible = visible
    }

    /// Lifts `node` above its parent; returns the new root when the parent was the root.
    private static func rotate(_ node: RunRef, in nodes: UnsafeMutablePointer<RunNode>, root: inout RunRef) {
        let parent = nodes[Int(node)].parent
        let grandparent = nodes[Int(parent)].parent
        if nodes[Int(parent)].left == node {
            let moved = nodes[Int(node)].right
            nodes[Int(parent)].left = moved
            if moved >= 0 { nodes[Int(moved)].parent = parent }
            nodes[Int(node)].right = parent
        } else {
            let moved = nodes[Int(node)].left
            nodes[Int(parent)].right = moved
            if moved >= 0 { nodes[Int(moved)].parent = parent }
            nodes[Int(node)].left = parent
        }
        nodes[Int(parent)].parent = node
        nodes[Int(node)].parent = grandparent
        if grandparent >= 0 {
            if nodes[Int(grandparent)].left == parent {
                nodes[Int(grandparent)].left = node
            } else {
                nodes[Int(grandparent)].right = node
            }
        } else {
            root = node
        }
        update(parent, in: nodes)
        update(node, in: nodes)
    }

    /// Moves `node` to the root.
    mutating func splay(_ node: RunRef) {
        guard nodes[Int(node)].parent >= 0 else { return }
        var root = self.root
        nodes.withUnsafeMutableBufferPointer { buffer in
            let nodes = buffer.baseAddress!
            while true {
                let parent = nodes[Int(node)].parent
                guard parent >= 0 else { return }
                let grandparent = nodes[Int(parent)].parent
                if grandparent >= 0 {
                    let zigZig = (nodes[Int(grandparent)].left == parent) == (nodes[Int(parent)].left == node)
                    Self.rotate(zigZig ? parent : node, in: nodes, root: &root)
                }
                Self.rotate(node, in: nodes, root: &root)
            }
        }
        self.root = root
    }

    // MARK: Positions

    /// The position of the run's first character, counting deleted characters.
    mutating func totalPosition(of node: RunRef) -> Int {
        splay(node)
        return total(nodes[Int(node)].left)
    }

    /// The number of visible characters before the run.
    mutating func visiblePosition(of node: RunRef) -> Int {
        splay(node)
        return visible(nodes[Int(node)].left)
    }

    /// The run holding the visible character at `position` (0..<visibleCount), and the offset in it.
    mutating func run(atVisible position: Int) -> (run: RunRef, offset: Int) {
        var node = root
        var remaining = position
        while true {
            let current = nodes[Int(node)]
            let leftCount = visible(current.left)
            if remaining < leftCount {
                node = current.left
            } else if remaining < leftCount + current.visibleLength {
                splay(node)
                return (node, remaining - leftCount)
            } else {
                remaining -= leftCount + current.visibleLength
                node = current.right
            }
        }
    }

    var first: RunRef? {
        guard root >= 0 else { return nil }
        var node = root
        while nodes[Int(node)].left >= 0 { node = nodes[Int(node)].left }
        return node
    }

    var last: RunRef? {
        guard root >= 0 else { return nil }
        var node = root
        while nodes[Int(node)].right >= 0 { node = nodes[Int(node)].right }
        return node
    }

    /// The run after `node` in document order.
    func successor(of node: RunRef) -> RunRef? {
        var current = nodes[Int(node)].right
        if current >= 0 {
            while nodes[Int(current)].left >= 0 { current = nodes[Int(current)].left }
            return current
        }
        var child = node
        var up = nodes[Int(node)].parent
        while up >= 0 {
            if nodes[Int(up)].left == child { return up }
            child = up
            up = nodes[Int(up)].parent
        }
        return nil
    }

    /// The run before `node` in document order.
    func predecessor(of node: RunRef) -> RunRef? {
        var current = nodes[Int(node)].left
        if current >= 0 {
            while nodes[Int(current)].right >= 0 { current = nodes[Int(current)].right }
            return current
        }
        var child = node
        var up = nodes[Int(node)].parent
        while up >= 0 {
            if nodes[Int(up)].right == child { return up }
            child = up
            up = nodes[Int(up)].parent
        }
        return nil
    }

    // MARK: Structure

    /// Adds `node` just before `successor` (at the end when nil); returns its reference.
    @discardableResult
    mutating func insert(_ node: RunNode, before successor: RunRef?) -> RunRef {
        var node = node
        node.left = -1
        node.right = -1
        node.parent = -1
        let ref = RunRef(nodes.count)
        nodes.append(node)
        update(ref)
        guard root >= 0 else {
            root = ref
            return ref
        }
        if let successor {
            splay(successor)
            let left = nodes[Int(successor)].left
            nodes[Int(ref)].left = left
            if left >= 0 { nodes[Int(left)].parent = ref }
            nodes[Int(successor)].left = ref
            nodes[Int(ref)].parent = successor
            update(ref)
            update(successor)
        } else {
            let tail = last!
            splay(tail)
            nodes[Int(tail)].right = ref
            nodes[Int(ref)].parent = tail
            update(tail)
        }
        return ref
    }

    /// Room for `more` runs without growing the storage again.
    mutating func reserveCapacity(_ more: Int) { nodes.reserveCapacity(nodes.count + more) }

    /// Adds `node` just after `predecessor`; returns its reference.
    @discardableResult
    mutating func insert(_ node: RunNode, after predecessor: RunRef) -> RunRef {
        var node = node
        node.left = -1
        node.parent = predecessor
        splay(predecessor)
        let right = nodes[Int(predecessor)].right
        node.right = right
        let ref = RunRef(nodes.count)
        nodes.append(node)
        if right >= 0 { nodes[Int(right)].parent = ref }
        nodes[Int(predecessor)].right = ref
        update(ref)
        update(predecessor)
        return ref
    }

    /// Recomputes the counts after a run's length or deletion changed.
    mutating func refresh(_ node: RunRef) {
        splay(node)
        update(node)
    }

    /// Marks a run deleted. With `recount` false the visible counts above it go stale until
    /// `recountAll()`, which a batch calls once at its end instead of once per run.
    mutating func markDeleted(_ node: RunRef, recount: Bool) {
        nodes[Int(node)].isDeleted = true
        if recount { refresh(node) }
    }

    /// Recomputes every subtree's counts, children before parents: O(n).
    mutating func recountAll() {
        var order: [RunRef] = []
        order.reserveCapacity(nodes.count)
        var stack: [RunRef] = root >= 0 ? [root] : []
        while let node = stack.popLast() {
            order.append(node)
            let current = nodes[Int(node)]
            if current.left >= 0 { stack.append(current.left) }
            if current.right >= 0 { stack.append(current.right) }
        }
        for node in order.reversed() { update(node) }
    }

    /// Replaces the tree with `runs` in this order, balanced: O(n), for loading a saved state.
    mutating func build(_ runs: [RunNode]) {
        nodes = runs
        root = link(0, runs.count, parent: -1)
    }

    private mutating func link(_ start: Int, _ end: Int, parent: RunRef) -> RunRef {
        guard start < end else { return -1 }
        let middle = (start + end) / 2
        nodes[middle].parent = parent
        nodes[middle].left = link(start, middle, parent: RunRef(middle))
        nodes[middle].right = link(middle + 1, end, parent: RunRef(middle))
        update(RunRef(middle))
        return RunRef(middle)
    }

    /// Visits every run in document order.
    func forEach(_ body: (RunRef, RunNode) -> Void) {
        var stack: [RunRef] = []
        var node = root
        while node >= 0 || !stack.isEmpty {
            while node >= 0 {
                stack.append(node)
                node = nodes[Int(node)].left
            }
            let current = stack.removeLast()
            body(current, nodes[Int(current)])
            node = nodes[Int(current)].right
        }
    }
}
