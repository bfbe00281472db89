import HearthCRDT
import HearthTraces
import Testing

/// Every recorded trace replays to its exact final text, locally and through the remote path.
@Suite struct TraceReplayTests {
    static let sequential = ["sveltecomponent.json.gz", "rustcode.json.gz", "seph-blog1.json.gz"]

    @Test(arguments: sequential)
    func sequentialTraceReplaysExactly(file: String) throws {
        let trace = try EditingTrace.load(file)
        var clock = OpClock(replica: ReplicaID("author"))
        var doc = TextDocument()
        if !trace.startContent.isEmpty { _ = doc.insert(trace.startContent, at: 0, clock: &clock, now: 1) }
        for transaction in trace.transactions {
            for patch in transaction.patches {
                _ = doc.edit(
                    at: patch.position, deleteCount: patch.deleteCount, insert: patch.insert, clock: &clock, now: 1)
            }
        }
        #expect(doc.text == trace.endContent)

        var remote = TextDocument()
        remote.apply(doc.ops(since: VersionVector()))
        #expect(remote.text == trace.endContent, "merging the whole history into an empty replica")
        let loaded = try TextDocument.decode(doc.encoded())
        #expect(loaded.text == trace.endContent)
        #expect(loaded == doc)
    }

    @Test func concurrentTraceMergesToItsFinalText() throws {
        let trace = try EditingTrace.load("clownschool.json.gz")
        let replicas = (0..<trace.agentCount).map { ReplicaID("agent\($0)") }
        var clocks = replicas.map { OpClock(replica: $0) }
        // Each agent's document holds exactly the transactions its latest one descends from.
        var docs = Array(repeating: TextDocument(), count: trace.agentCount)
        var included = Array(repeating: Set<Int>(), count: trace.agentCount)
        var opsOf: [[TextOp]] = []
        for (index, transaction) in trace.transactions.enumerated() {
            let agent = transaction.agent
            var missing: [Int] = []
            var stack = transaction.parents
            var visited: Set<Int> = []
            while let parent = stack.popLast() {
                guard !included[agent].contains(parent), visited.insert(parent).inserted else { continue }
                missing.append(parent)
                stack += trace.transactions[parent].parents
            }
            for parent in missing.sorted() {
                for op in opsOf[parent] { docs[agent].apply(op) }
                included[agent].insert(parent)
            }
            var ops: [TextOp] = []
            for patch in transaction.patches {
                ops += docs[agent].edit(
                    at: patch.position, deleteCount: patch.deleteCount, insert: patch.insert, clock: &clocks[agent],
                    now: 1)
            }
            opsOf.append(ops)
            included[agent].insert(index)
        }
        var merged = TextDocument()
        for ops in opsOf { for op in ops { merged.apply(op) } }
        #expect(merged.text == trace.endContent)
        var reversed = TextDocument()
        for ops in opsOf.reversed() { for op in ops { reversed.apply(op) } }
        #expect(reversed.text == trace.endContent, "any delivery order, even one that waits for origins")
    }
}
