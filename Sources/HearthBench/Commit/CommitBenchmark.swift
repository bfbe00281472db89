import ArgumentParser
import Foundation
import HearthChat
import HearthCrypto
import HearthNode
import Logging

/// `hearth-bench commit`: local posts committed one at a time, then with more and more in flight,
/// in-process on a real database, to show what the group commit does (changes that arrive
/// together share one transaction and one fsync).
struct CommitBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit", abstract: "Local commits with 1, 4, 16 and 64 in flight: posts/s and posts per fsync.")

    @Option(help: "Posts per run.") var messages = 2000
    @Option(name: .customLong("in-flight"), help: "Posts in flight, comma-separated.") var inFlight = "1,4,16,64"
    @Flag(help: "One JSON line per run.") var json = false

    struct Run: Encodable {
        var inFlight: Int
        var messages: Int
        var postsPerSecond: Double
        var postsPerFsync: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
    }

    func run() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-bench-commit-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let levels = inFlight.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        if !json { print("local commits: \(messages) posts per run, fsync on (as always)") }
        for (index, level) in levels.enumerated() {
            let result = try await measure(inFlight: level, folder: root.appendingPathComponent("run\(index)"))
            if json {
                print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            } else {
                print(
                    String(
                        format:
                            "  %3d in flight: %7.0f posts/s, %5.1f posts per fsync, latency p50 %.2f ms, p99 %.2f ms",
                        level, result.postsPerSecond, result.postsPerFsync, result.p50Milliseconds,
                        result.p99Milliseconds))
            }
        }
    }

    private func measure(inFlight: Int, folder: URL) async throws -> Run {
        let node = try await InProcessNode.start(folder: folder, name: "bench")
        let perWorker = max(1, messages / inFlight)
        let fsyncsBefore = node.durableWrites
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<inFlight {
                group.addTask {
                    var latencies: [Double] = []
                    for number in 0..<perWorker {
                        let sent = ContinuousClock.now
                        _ = try await node.chat.post(
                            channel: "bench", text: "post \(number) of \(worker)", replyTo: nil)
                        latencies.append((ContinuousClock.now - sent).milliseconds)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }.sorted()
        }
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        let fsyncs = max(1, node.durableWrites - fsyncsBefore)
        await node.stop()
        return Run(
            inFlight: inFlight, messages: latencies.count, postsPerSecond: Double(latencies.count) / seconds,
            postsPerFsync: Double(latencies.count) / Double(fsyncs),
            p50Milliseconds: latencies[latencies.count / 2],
            p99Milliseconds: latencies[min(latencies.count - 1, latencies.count * 99 / 100)])
    }
}
