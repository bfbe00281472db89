/// A character id inside a text document: an agent (a replica, numbered locally) and the
/// agent's counter for that character.
struct CharID: Hashable, Sendable {
    var agent: Int32
    var seq: UInt64
}

/// A run of characters inserted one after another by one agent, with one pair of origins: the
/// first character's left origin (the others' is the character before them) and the right
/// origin all of them share. A node of the document's splay tree.
final class Run {
    var agent: Int32
    var seq: UInt64
    var length: Int
    var originLeft: CharID?
    var originRight: CharID?
    var isDeleted: Bool

    var left: Run?
    var right: Run?
    unowned(unsafe) var parent: Run?
    /// Characters in this subtree, deleted ones included, and those visible.
    var subtreeTotal: Int
    var subtreeVisible: Int

    init(agent: Int32, seq: UInt64, length: Int, originLeft: CharID?, originRight: CharID?, isDeleted: Bool) {
        self.agent = agent
        self.seq = seq
        self.length = length
        self.originLeft = originLeft
        self.originRight = originRight
        self.isDeleted = isDeleted
        subtreeTotal = length
        subtreeVisible = isDeleted ? 0 : length
    }

    var visibleLength: Int { isDeleted ? 0 : length }

    func update() {
        subtreeTotal = length + (left?.subtreeTotal ?? 0) + (right?.subtreeTotal ?? 0)
        subtreeVisible = visibleLength + (left?.subtreeVisible ?? 0) + (right?.subtreeVisible ?? 0)
    }

    /// The id of the character `offset` places into this run.
    func id(at offset: Int) -> CharID { CharID(agent: agent, seq: seq + UInt64(offset)) }

    /// The next run in document order.
    var successor: Run? {
        if var node = right {
            while let next = node.left { node = next }
            return node
        }
        var node = self
        while let up = node.parent {
            if up.left === node { return up }
            node = up
        }
        return nil
    }
}
