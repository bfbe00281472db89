import ArgumentParser
import Foundation
import HearthTraces

/// `hearth-bench crdt`: the text CRDT on recorded editing traces, one child process per trace
/// so that each peak-memory figure is that trace's alone.
struct CRDTBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crdt", abstract: "Benchmark the text CRDT on editing traces (.json.gz).")

    @Argument(help: "Trace files (default: every trace in Tests/Traces).") var traces: [String] = []
    @Flag(help: "Print one JSON object per trace.") var json = false
    @Option(name: .customLong("child"), help: .hidden) var child: String?
    @Option(help: "Repeat one phase (local, merge or load) of the first trace 100 times, for a profiler.")
    var profile: String?

    func run() async throws {
        if let profile {
            try TraceRun.repeatPhase(profile, of: traces.first ?? EditingTrace.available()[0], times: 300)
            return
        }
        if let child {
            let result = try TraceRun.measure(child)
            FileHandle.standardOutput.write(try JSONEncoder().encode(result) + Data("\n".utf8))
            return
        }
        let files = traces.isEmpty ? EditingTrace.available() : traces
        for file in files {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = ["crdt", "--child", file]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0, let result = try? JSONDecoder().decode(TraceRun.self, from: data)
            else {
                throw BenchError("the run of \(file) failed")
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
            } else {
                let line = String(
                    format:
                        "%@: %d patches, text %@ | local %.1f ms (%.0f patches/s), merge %.1f ms, load %.1f ms | peak RSS %.1f MB (all phases %.1f MB) | history %d B, state %d B",
                    result.trace, result.patches, result.finalTextMatches ? "matches" : "DIFFERS", result.localReplayMs,
                    Double(result.patches) / max(result.localReplayMs, 0.001) * 1000, result.mergeMs, result.loadMs,
                    Double(result.peakRSSBytes) / 1_048_576, Double(result.peakAllPhasesRSSBytes) / 1_048_576,
                    result.encodedHistoryBytes, result.encodedStateBytes)
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
    }
}
