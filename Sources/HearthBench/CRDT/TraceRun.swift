import Foundation
import HearthCRDT
import HearthTraces

/// One trace put through the text CRDT: local replay, remote merge, encoding and loading.
struct TraceRun: Codable {
    var trace: String
    var patches: Int
    var finalTextMatches: Bool
    var localReplayMs: Double
    var mergeMs: Double
    var loadMs: Double
    /// Peak resident memory above what the process held after loading the trace.
    var peakRSSBytes: Int
    var encodedHistoryBytes: Int
    var encodedStateBytes: Int

    static func measure(_ file: String) throws -> TraceRun {
        let trace = try EditingTrace.load(file)
        // Count only what the CRDT uses from here on: give the JSON parser's freed memory back to
        // the system, then reset the peak to the current size (writing 5 to clear_refs resets
        // VmHWM on Linux).
        _ = releaseFreeHeapMemory(0)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let baseline = ProcessUsage.peakResidentBytesOfSelf()
        let clock = ContinuousClock()
        var document = TextDocument()
        var history: [TextOp] = []
        let localReplay = clock.measure {
            (document, history) = trace.isConcurrent ? replayBranches(trace) : replaySequential(trace)
        }
        var merged = TextDocument()
        let merge = clock.measure { merged.apply(history) }
        let state = document.encoded()
        var loaded = TextDocument()
        let load = clock.measure { loaded = (try? TextDocument.decode(state)) ?? TextDocument() }
        let matches = document.text == trace.endContent && merged.text == trace.endContent
            && loaded.text == trace.endContent
        return TraceRun(
            trace: (file as NSString).lastPathComponent, patches: trace.patchCount, finalTextMatches: matches,
            localReplayMs: localReplay.milliseconds, mergeMs: merge.milliseconds, loadMs: load.milliseconds,
            peakRSSBytes: ProcessUsage.peakResidentBytesOfSelf() - baseline, encodedHistoryBytes: history.encoded().count,
            encodedStateBytes: state.count)
    }

    /// Every patch, in order, as one author's local edits.
    static func replaySequential(_ trace: EditingTrace) -> (TextDocument, [TextOp]) {
        var clock = OpClock(replica: ReplicaID("author"))
        var document = TextDocument()
        var history: [TextOp] = []
        if !trace.startContent.isEmpty { history.append(document.insert(trace.startContent, at: 0, clock: &clock, now: 1)) }
        for transaction in trace.transactions {
            for patch in transaction.patches {
                history += document.edit(
                    at: patch.position, deleteCount: patch.deleteCount, insert: patch.insert, clock: &clock, now: 1)
            }
        }
        return (document, history)
    }

    /// A concurrent trace: each agent edits its own replica, which first takes in the
    /// transactions the next one descends from; the result merges every replica.
    static func replayBranches(_ trace: EditingTrace) -> (TextDocument, [TextOp]) {
        var clocks = (0..<trace.agentCount).map { OpClock(replica: ReplicaID("agent\($0)")) }
        var replicas = Array(repeating: TextDocument(), count: trace.agentCount)
        var included = Array(repeating: Set<Int>(), count: trace.agentCount)
        var opsOf: [[TextOp]] = []
        for (index, transaction) in trace.transactions.enumerated() {
            let agent = transaction.agent
            var missing: [Int] = []
            var stack = transaction.parents
            while let parent = stack.popLast() {
                guard !included[agent].contains(parent) else { continue }
                included[agent].insert(parent)
                missing.append(parent)
                stack += trace.transactions[parent].parents
            }
            for parent in missing.sorted() { replicas[agent].apply(opsOf[parent]) }
            var ops: [TextOp] = []
            for patch in transaction.patches {
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

/// glibc's `malloc_trim`: returns free heap memory to the system (not exported by Swift's Glibc).
@_silgen_name("malloc_trim")
private func releaseFreeHeapMemory(_ padding: Int) -> Int32
