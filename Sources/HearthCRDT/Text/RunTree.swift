/// A run of characters inserted one after another by one agent, with one pair of origins: the
/// first character's left origin (the others' is the character before them) and the right
/// origin all of them share. A node of `RunTree`, packed into 64 bytes: counters are at most
/// 2^31 − 1 (`AgentCharacters.maxCounter`), so they and the origins' are stored in 32 bits.
struct RunNode {
    var agent: Int32
    var length: Int32
    private var storedSeq: UInt32
    var isDeleted: Bool
    var left: Int32 = -1
    var right: Int32 = -1
    var parent: Int32 = -1
    private var originLeftAgent: Int32
    private var originLeftSeq: UInt32
    private var originRightAgent: Int32
    private var originRightSeq: UInt32
    /// The last FugueMax scan that passed this run (`TextState.place`); it fills what would be
    /// padding, so the node stays 64 bytes.
    var scanMark: UInt32 = 0
    /// Characters in this subtree, deleted ones included, and those visible.
    var subtreeTotal: Int = 0
    var subtreeVisible: Int = 0

    init(agent: Int32, seq: UInt64, length: Int, originLeft: CharID?, originRight: CharID?, isDeleted: Bool) {
        self.agent = agent
        self.storedSeq = UInt32(seq)
        self.length = Int32(length)
        self.isDeleted = isDeleted
        (originLeftAgent, originLeftSeq) = Self.pack(originLeft)
        (originRightAgent, originRightSeq) = Self.pack(originRight)
    }

    private static func pack(_ id: CharID?) -> (Int32, UInt32) { id.map { ($0.agent, UInt32($0.seq)) } ?? (-1, 0) }

    var seq: UInt64 { UInt64(storedSeq) }

    /// Takes in the character just before the run (its new first one, whose left origin is
    /// `originLeft`).
    mutating func extendBackwards(originLeft: CharID) {
        storedSeq -= 1
        length += 1
        self.originLeft = originLeft
    }

    var originLeft: CharID? {
        get { originLeftAgent < 0 ? nil : CharID(agent: originLeftAgent, seq: UInt64(originLeftSeq)) }
        set { (originLeftAgent, originLeftSeq) = Self.pack(newValue) }
    }

    var originRight: CharID? {
        get { originRightAgent < 0 ? nil : CharID(agent: originRightAgent, seq: UInt64(originRightSeq)) }
        set { (originRightAgent, originRightSeq) = Self.pack(newValue) }
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
    /// While a large batch is applied the runs may be kept as a plain doubly linked list instead
    /// (`left` and `right` link to the neighbours, no counts): see `beginList()`.
    private(set) var isList = false
    private var head: RunRef = -1
    private var tail: RunRef = -1

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
        guard !isList, nodes[Int(node)].parent >= 0 else { return }
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
        precondition(!isList, "positions need the tree")
        splay(node)
        return total(nodes[Int(node)].left)
    }

    /// The number of visible characters before the run.
    mutating func visiblePosition(of node: RunRef) -> Int {
        precondition(!isList, "positions need the tree")
        splay(node)
        return visible(nodes[Int(node)].left)
    }

    /// The run holding the visible character at `position` (0..<visibleCount), and the offset in it.
    mutating func run(atVisible position: Int) -> (run: RunRef, offset: Int) {
        precondition(!isList, "positions need the tree")
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
        if isList { return head >= 0 ? head : nil }
        guard root >= 0 else { return nil }
        var node = root
        while nodes[Int(node)].left >= 0 { node = nodes[Int(node)].left }
        return node
    }

    var last: RunRef? {
        if isList { return tail >= 0 ? tail : nil }
        guard root >= 0 else { return nil }
        var node = root
        while nodes[Int(node)].right >= 0 { node = nodes[Int(node)].right }
        return node
    }

    /// The run after `node` in document order.
    func successor(of node: RunRef) -> RunRef? {
        if isList { return nodes[Int(node)].right >= 0 ? nodes[Int(node)].right : nil }
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
        if isList { return nodes[Int(node)].left >= 0 ? nodes[Int(node)].left : nil }
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
        if isList { return listInsert(node, after: successor.map { nodes[Int($0)].left } ?? tail) }
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

    mutating func clearScanMarks() {
        for index in nodes.indices { nodes[index].scanMark = 0 }
    }

    /// Room for `more` runs without growing the storage again, when that is many next to what is
    /// there (a small batch leaves it to the storage's own geometric growth, so many small
    /// batches do not copy it each time).
    mutating func reserveCapacity(_ more: Int) { nodes.reserveRoom(for: more) }

    /// Adds `node` just after `predecessor`; returns its reference.
    @discardableResult
    mutating func insert(_ node: RunNode, after predecessor: RunRef) -> RunRef {
        if isList { return listInsert(node, after: predecessor) }
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
        guard !isList else { return }
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
        isList = false
        root = link(Array(0..<RunRef(runs.count))[...], parent: -1)
    }

    // MARK: List mode

    /// Turns the tree into a doubly linked list of the runs in order: O(n). Until `endList()`,
    /// inserting next to a known run costs O(1) and nothing is counted or rebalanced; positions
    /// are not available. For applying a batch of many ops that need no positions.
    mutating func beginList() {
        guard !isList else { return }
        var order: [RunRef] = []
        order.reserveCapacity(nodes.count)
        forEach { run, _ in order.append(run) }
        for (index, run) in order.enumerated() {
            nodes[Int(run)].left = index > 0 ? order[index - 1] : -1
            nodes[Int(run)].right = index + 1 < order.count ? order[index + 1] : -1
            nodes[Int(run)].parent = -1
        }
        head = order.first ?? -1
        tail = order.last ?? -1
        root = -1
        isList = true
    }

    /// Turns the list back into a balanced tree with fresh counts: O(n).
    mutating func endList() {
        guard isList else { return }
        var order: [RunRef] = []
        order.reserveCapacity(nodes.count)
        var run = head
        while run >= 0 {
            order.append(run)
            run = nodes[Int(run)].right
        }
        isList = false
        root = link(order[...], parent: -1)
    }

    private mutating func listInsert(_ node: RunNode, after predecessor: RunRef) -> RunRef {
        var node = node
        let ref = RunRef(nodes.count)
        let next = predecessor >= 0 ? nodes[Int(predecessor)].right : head
        node.left = predecessor
        node.right = next
        node.parent = -1
        nodes.append(node)
        if predecessor >= 0 { nodes[Int(predecessor)].right = ref } else { head = ref }
        if next >= 0 { nodes[Int(next)].left = ref } else { tail = ref }
        return ref
    }

    /// Makes a balanced subtree of `order` (runs in document order); returns its root.
    private mutating func link(_ order: ArraySlice<RunRef>, parent: RunRef) -> RunRef {
        guard !order.isEmpty else { return -1 }
        let middle = order.startIndex + order.count / 2
        let run = order[middle]
        nodes[Int(run)].parent = parent
        nodes[Int(run)].left = link(order[..<middle], parent: run)
        nodes[Int(run)].right = link(order[(middle + 1)...], parent: run)
        update(run)
        return run
    }

    /// Visits every run in document order.
    func forEach(_ body: (RunRef, RunNode) -> Void) {
        if isList {
            var run = head
            while run >= 0 {
                body(run, nodes[Int(run)])
                run = nodes[Int(run)].right
            }
            return
        }
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
