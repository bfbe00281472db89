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
            (document, history) = trace.replay()
        }
        var merged = TextDocument()
        let merge = clock.measure { merged.apply(history) }
        let state = document.encoded()
        var loaded = TextDocument()
        let load = clock.measure { loaded = (try? TextDocument.decode(state)) ?? TextDocument() }
        let matches =
            document.text == trace.endContent && merged.text == trace.endContent
            && loaded.text == trace.endContent
        return TraceRun(
            trace: (file as NSString).lastPathComponent, patches: trace.patchCount, finalTextMatches: matches,
            localReplayMs: localReplay.milliseconds, mergeMs: merge.milliseconds, loadMs: load.milliseconds,
            peakRSSBytes: ProcessUsage.peakResidentBytesOfSelf() - baseline,
            encodedHistoryBytes: history.encoded().count,
            encodedStateBytes: state.count)
    }
}

/// glibc's `malloc_trim`: returns free heap memory to the system (not exported by Swift's Glibc).
@_silgen_name("malloc_trim")
private func releaseFreeHeapMemory(_ padding: Int) -> Int32
