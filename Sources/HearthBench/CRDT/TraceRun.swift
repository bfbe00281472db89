import Foundation
import HearthCRDT
import HearthTraces

/// One trace put through the text CRDT: local replay, remote merge, encoding and loading.
struct TraceRun: Codable {
    var trace: String
    var patches: Int
    var finalTextMatches: Bool
    var localReplayMs: Double
    /// Decoding the encoded history and applying it to an empty document, up to reading its text.
    var mergeMs: Double
    /// Decoding the saved state, making one edit and reading the text (a document opened for
    /// editing, as the comparison does with Yrs and Loro).
    var loadMs: Double
    /// Peak resident memory of the local replay (the document being edited), above what the
    /// process held with the trace loaded (see `peakMemory`).
    var peakRSSBytes: Int
    /// The same with the history and state encoded, merged into a second document and loaded
    /// into a third while the first is kept.
    var peakAllPhasesRSSBytes: Int
    /// Every op since the empty version as one `TextOpBatch` (`ops(since:)`: runs, deleted text
    /// left out), the counterpart of Yrs's and Loro's full updates.
    var encodedHistoryBytes: Int
    var encodedStateBytes: Int

    /// How many times each timed phase runs; the fastest counts (the least disturbed by the
    /// rest of the machine).
    static let rounds = 5

    static func measure(_ file: String) throws -> TraceRun {
        let trace = try EditingTrace.load(file)
        let peak = peakMemory { withExtendedLifetime(trace.replayLocally()) {} }
        let peakAllPhases = peakMemory {
            let document = trace.replayLocally()
            let history = TextOpBatch(document.ops(since: VersionVector())).encoded()
            let state = document.encoded()
            let texts = (merge(history), load(state))
            withExtendedLifetime((document, texts)) {}
        }
        let clock = ContinuousClock()
        var document = TextDocument()
        var mergedText = ""
        var loadedText = ""
        var times: (replay: Duration, merge: Duration, load: Duration) = (
            .seconds(1000), .seconds(1000), .seconds(1000)
        )
        var history: [UInt8] = []
        var state: [UInt8] = []
        for _ in 0..<rounds {
            times.replay = min(times.replay, clock.measure { document = trace.replayLocally() })
            history = TextOpBatch(document.ops(since: VersionVector())).encoded()
            state = document.encoded()
            times.merge = min(times.merge, clock.measure { mergedText = merge(history) })
            times.load = min(times.load, clock.measure { loadedText = load(state) })
        }
        let matches =
            document.text == trace.endContent && mergedText == trace.endContent && loadedText == "x" + trace.endContent
        return TraceRun(
            trace: (file as NSString).lastPathComponent, patches: trace.patchCount, finalTextMatches: matches,
            localReplayMs: times.replay.milliseconds, mergeMs: times.merge.milliseconds,
            loadMs: times.load.milliseconds, peakRSSBytes: peak, peakAllPhasesRSSBytes: peakAllPhases,
            encodedHistoryBytes: history.count,
            encodedStateBytes: state.count)
    }

    /// Runs one phase again and again, so a profiler sees little else.
    static func repeatPhase(_ phase: String, of file: String, times: Int) throws {
        let trace = try EditingTrace.load(file)
        let document = trace.replayLocally()
        let history = TextOpBatch(document.ops(since: VersionVector())).encoded()
        let state = document.encoded()
        var length = 0
        for _ in 0..<times {
            switch phase {
            case "local": length += trace.replayLocally().count
            case "merge": length += merge(history).utf8.count
            case "load": length += load(state).utf8.count
            case "decode": length += (try? TextOpBatch.decode(history))?.isEmpty == false ? 1 : 0
            default: throw BenchError("no phase \(phase): local, merge or load")
            }
        }
        // Scalars after a local replay (the document's count), UTF-8 bytes of the text otherwise.
        print("\(phase) × \(times): \(length / times) \(phase == "local" ? "scalars" : "bytes of text")")
    }

    private static func merge(_ history: [UInt8]) -> String {
        guard let batch = try? TextOpBatch.decode(history) else { return "" }
        var merged = TextDocument()
        merged.apply(batch)
        return merged.text
    }

    private static func load(_ state: [UInt8]) -> String {
        guard var document = try? TextDocument.decode(state) else { return "" }
        var clock = OpClock(replica: ReplicaID("reader"))
        _ = document.insert("x", at: 0, clock: &clock, now: 1)
        return document.text
    }

    /// The peak resident memory while `work` runs, above what the process held before it. The
    /// memory freed before (the JSON parser's, an earlier round's) goes back to the system first
    /// and the peak is reset (writing 5 to clear_refs resets VmHWM on Linux); timings are taken
    /// in separate rounds, since the heap growing back costs time.
    private static func peakMemory(of work: () -> Void) -> Int {
        _ = releaseFreeHeapMemory(0)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let baseline = ProcessUsage.peakResidentBytesOfSelf()
        work()
        return ProcessUsage.peakResidentBytesOfSelf() - baseline
    }
}

/// glibc's `malloc_trim`: returns free heap memory to the system (not exported by Swift's Glibc).
@_silgen_name("malloc_trim")
private func releaseFreeHeapMemory(_ padding: Int) -> Int32
