import HearthCRDT

extension EditingTrace {
    /// Replays the trace through `TextDocument`s; returns the final document and every op made.
    /// A sequential trace is one author's local edits. In a concurrent one each agent edits its own
    /// replica, which first takes in the transactions the next one descends from; the result
    /// merges every agent's ops.
    public func replay() -> (document: TextDocument, history: [TextOp]) {
        isConcurrent ? replayBranches() : replaySequential(keepingOps: true)
    }

    /// The final document alone: a sequential trace's ops are made and dropped, as an editor
    /// hands them to the network and moves on.
    public func replayLocally() -> TextDocument {
        isConcurrent ? replayBranches().document : replaySequential(keepingOps: false).document
    }

    private func replaySequential(keepingOps: Bool) -> (document: TextDocument, history: [TextOp]) {
        var clock = OpClock(replica: ReplicaID("author"))
        var document = TextDocument()
        var history: [TextOp] = []
        if !startContent.isEmpty { history.append(document.insert(startContent, at: 0, clock: &clock, now: 1)) }
        for patch in patches {
            // Most patches only insert or only delete: those go through the one-op calls, which
            // return the op without an array around it.
            if patch.deleteCount == 0, !patch.insert.isEmpty {
                let op = document.insert(patch.insert, at: patch.position, clock: &clock, now: 1)
                if keepingOps { history.append(op) }
            } else if patch.insert.isEmpty, patch.deleteCount > 0 {
                let op = document.delete(at: patch.position, count: patch.deleteCount)
                if keepingOps { history.append(op) }
            } else {
                let ops = document.edit(
                    at: patch.position, deleteCount: patch.deleteCount, insert: patch.insert, clock: &clock, now: 1)
                if keepingOps { history += ops }
            }
        }
        return (document, history)
    }

    private func replayBranches() -> (document: TextDocument, history: [TextOp]) {
        var clocks = (0..<agentCount).map { OpClock(replica: ReplicaID("agent\($0)")) }
        var replicas = Array(repeating: TextDocument(), count: agentCount)
        var included = Array(repeating: Set<Int>(), count: agentCount)
        var opsOf: [[TextOp]] = []
        for (index, transaction) in transactions.enumerated() {
            let agent = transaction.agent
            var missing: [Int] = []
            var stack = transaction.parents
            while let parent = stack.popLast() {
                guard !included[agent].contains(parent) else { continue }
                included[agent].insert(parent)
                missing.append(parent)
                stack += transactions[parent].parents
            }
            for parent in missing.sorted() { replicas[agent].apply(opsOf[parent]) }
            var ops: [TextOp] = []
            for patch in patches[transaction.patchRange] {
                ops += replicas[agent].edit(
                    at: patch.position, deleteCount: patch.deleteCount, insert: patch.insert, clock: &clocks[agent],
                    now: 1)
            }
            opsOf.append(ops)
            included[agent].insert(index)
        }
        let history = opsOf.flatMap { $0 }
        var merged = TextDocument()
        merged.apply(history)
        return (merged, history)
    }
}
