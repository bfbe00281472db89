import ArgumentParser
import Foundation
import HearthCRDT
import HearthChat
import HearthCrypto
import HearthNet
import HearthNode
import HearthWire

/// `hearth-bench receive`: what one received change costs a node, by the size of the batches it
/// arrives in. One node posts the messages; a second takes them in, in batches of each size,
/// through the same entry the links use (`receive`: decode, verify, store, apply, publish), all
/// in this process with no network, so the figure is the node's own CPU per change (the search
/// indexing of the messages, done in batches after them, included).
struct ReceiveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "CPU per received change by batch size, in-process.")

    @Option(help: "Messages per run.") var messages = 4000
    @Option(help: "Batch sizes, comma-separated.") var batches = "1,2,4,16,64"
    @Flag(help: "One JSON line per run.") var json = false

    struct Run: Encodable {
        var batch: Int
        var subscribed: Bool
        var changes: Int
        var microsecondsPerChange: Double
        var cpuMicrosecondsPerChange: Double
    }

    func run() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-bench-receive-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        progress("posting \(messages) messages on the author node")
        let author = try await InProcessNode.start(folder: root.appendingPathComponent("author"), name: "author")
        for number in 0..<messages {
            _ = try await author.chat.post(channel: "bench", text: "message \(number) of the run", replyTo: nil)
        }
        let changes = await author.storedChanges(author: author.identity.id, in: 1...UInt64.max, limit: .max)
            .map(\.signed)
        if !json { print("received changes: \(changes.count) per run (a channel and its messages), in-process") }
        var run = 0
        for subscribed in [false, true] {
            for size in batches.split(separator: ",").compactMap({ Int($0) }).filter({ $0 > 0 }) {
                run += 1
                let folder = root.appendingPathComponent("reader\(run)")
                let result = try await measure(changes, batch: size, subscribed: subscribed, folder: folder)
                report(result)
            }
        }
    }

    private func measure(_ changes: [WireSignedChange], batch: Int, subscribed: Bool, folder: URL) async throws -> Run {
        let reader = try await InProcessNode.start(folder: folder, name: "reader")
        let source = NodeIdentity.generate().id
        // A subscriber reads every event, as the web UI or `hearth watch` does.
        let listener = subscribed ? Task { for await _ in await reader.events() {} } : nil
        defer { listener?.cancel() }
        let cpuBefore = Self.cpuSeconds()
        let start = ContinuousClock.now
        for first in stride(from: 0, to: changes.count, by: batch) {
            _ = await reader.receive(Array(changes[first..<min(first + batch, changes.count)]), from: source)
        }
        // The search index takes new messages in batches (a running node's indexer, twice a
        // second); its work counts here too.
        try await reader.chat.indexWaitingMessages()
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        let cpu = Self.cpuSeconds() - cpuBefore
        return Run(
            batch: batch, subscribed: subscribed, changes: changes.count,
            microsecondsPerChange: seconds / Double(changes.count) * 1e6,
            cpuMicrosecondsPerChange: cpu / Double(changes.count) * 1e6)
    }

    private func report(_ run: Run) {
        if json {
            print(String(decoding: (try? JSONEncoder().encode(run)) ?? Data(), as: UTF8.self))
        } else {
            print(
                String(
                    format: "  batches of %3d%@: %6.1f µs per change (CPU %6.1f µs)", run.batch,
                    run.subscribed ? ", events read" : "", run.microsecondsPerChange, run.cpuMicrosecondsPerChange))
        }
    }

    /// User and system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
