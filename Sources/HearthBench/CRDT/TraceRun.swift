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
    /// Peak resident memory above what the process held after loading the trace (see `peakMemory`).
    var peakRSSBytes: Int
    var encodedHistoryBytes: Int
    var encodedStateBytes: Int

    /// How many times each timed phase runs; the fastest counts (the least disturbed by the
    /// rest of the machine).
    static let rounds = 3

    static func measure(_ file: String) throws -> TraceRun {
        let trace = try EditingTrace.load(file)
        let peak = peakMemory(of: trace)
        let clock = ContinuousClock()
        var document = TextDocument()
        var history: [TextOp] = []
        var merged = TextDocument()
        var loaded = TextDocument()
        var state: [UInt8] = []
        var times: (replay: Duration, merge: Duration, load: Duration) = (
            .seconds(1000), .seconds(1000), .seconds(1000)
        )
        for _ in 0..<rounds {
            times.replay = min(times.replay, clock.measure { (document, history) = trace.replay() })
            merged = TextDocument()
            times.merge = min(times.merge, clock.measure { merged.apply(history) })
            state = document.encoded()
            times.load = min(times.load, clock.measure { loaded = (try? TextDocument.decode(state)) ?? TextDocument() })
        }
        let matches =
            document.text == trace.endContent && merged.text == trace.endContent
            && loaded.text == trace.endContent
        return TraceRun(
            trace: (file as NSString).lastPathComponent, patches: trace.patchCount, finalTextMatches: matches,
            localReplayMs: times.replay.milliseconds, mergeMs: times.merge.milliseconds,
            loadMs: times.load.milliseconds,
            peakRSSBytes: peak, encodedHistoryBytes: history.encoded().count, encodedStateBytes: state.count)
    }

    /// The peak resident memory of one replay, one merge of the whole history into a second
    /// document, and one load, above what the process held with the trace loaded. The JSON
    /// parser's freed memory goes back to the system first, and the peak is reset (writing 5 to
    /// clear_refs resets VmHWM on Linux); timings are taken in separate rounds, since the heap
    /// growing back costs time.
    private static func peakMemory(of trace: EditingTrace) -> Int {
        _ = releaseFreeHeapMemory(0)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let baseline = ProcessUsage.peakResidentBytesOfSelf()
        let (document, history) = trace.replay()
        var merged = TextDocument()
        merged.apply(history)
        let loaded = try? TextDocument.decode(document.encoded())
        withExtendedLifetime((document, merged, loaded)) {}
        return ProcessUsage.peakResidentBytesOfSelf() - baseline
    }
}

/// glibc's `malloc_trim`: returns free heap memory to the system (not exported by Swift's Glibc).
@_silgen_name("malloc_trim")
private func releaseFreeHeapMemory(_ padding: Int) -> Int32
