/// The runs of a text document in document order, as a splay tree: finding a position, splitting
/// a run and inserting one cost O(log n) amortised, and edits near the last one (typing) are
/// cheaper still, since the last run touched sits at the root.
struct RunTree {
    private(set) var root: Run?

    var totalCount: Int { root?.subtreeTotal ?? 0 }
    var visibleCount: Int { root?.subtreeVisible ?? 0 }

    // MARK: Splaying

    private mutating func rotate(_ node: Run) {
        guard let parent = node.parent else { return }
        let grandparent = parent.parent
        if parent.left === node {
            parent.left = node.right
            node.right?.parent = parent
            node.right = parent
        } else {
            parent.right = node.left
            node.left?.parent = parent
            node.left = parent
        }
        parent.parent = node
        node.parent = grandparent
        if let grandparent {
            if grandparent.left === parent { grandparent.left = node } else { grandparent.right = node }
        } else {
            root = node
        }
        parent.update()
        node.update()
    }

    /// Moves `node` to the root.
    mutating func splay(_ node: Run) {
        while let parent = node.parent {
            if let grandparent = parent.parent {
                if (grandparent.left === parent) == (parent.left === node) { rotate(parent) } else { rotate(node) }
            }
            rotate(node)
        }
    }

    // MARK: Positions

    /// The position of the run's first character, counting deleted characters.
    mutating func totalPosition(of node: Run) -> Int {
        splay(node)
        return node.left?.subtreeTotal ?? 0
    }

    /// The number of visible characters before the run.
    mutating func visiblePosition(of node: Run) -> Int {
        splay(node)
        return node.left?.subtreeVisible ?? 0
    }

    /// The run holding the visible character at `position` (0..<visibleCount), and the offset in it.
    mutating func run(atVisible position: Int) -> (run: Run, offset: Int) {
        var node = root!
        var remaining = position
        while true {
            let leftCount = node.left?.subtreeVisible ?? 0
            if remaining < leftCount {
                node = node.left!
            } else if remaining < leftCount + node.visibleLength {
                splay(node)
                return (node, remaining - leftCount)
            } else {
                remaining -= leftCount + node.visibleLength
                node = node.right!
            }
        }
    }

    /// The first and last runs in document order.
    var first: Run? {
        var node = root
        while let next = node?.left { node = next }
        return node
    }

    var last: Run? {
        var node = root
        while let next = node?.right { node = next }
        return node
    }

    /// The run before `node` in document order.
    func predecessor(of node: Run) -> Run? {
        if var current = node.left {
            while let next = current.right { current = next }
            return current
        }
        var current = node
        while let up = current.parent {
            if up.right === current { return up }
            current = up
        }
        return nil
    }

    // MARK: Structure

    /// Inserts `node` just before `successor` (at the end when nil).
    mutating func insert(_ node: Run, before successor: Run?) {
        node.left = nil
        node.right = nil
        node.parent = nil
        node.update()
        guard let root else {
            self.root = node
            return
        }
        if let successor {
            splay(successor)
            node.left = successor.left
            node.left?.parent = node
            successor.left = node
            node.parent = successor
            node.update()
            successor.update()
        } else {
            _ = root
            let tail = last!
            splay(tail)
            tail.right = node
            node.parent = tail
            tail.update()
        }
    }

    /// Recomputes the counts from `node` up to the root (after its length or deletion changed).
    mutating func refresh(_ node: Run) {
        splay(node)
        node.update()
    }

    /// Visits every run in document order.
    func forEach(_ body: (Run) -> Void) {
        var stack: [Run] = []
        var node = root
        while node != nil || !stack.isEmpty {
            while let current = node {
                stack.append(current)
                node = current.left
            }
            let current = stack.removeLast()
            body(current)
            node = current.right
        }
    }
}
