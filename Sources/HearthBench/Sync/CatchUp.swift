import Foundation
import HearthChat
import HearthCrypto
import HearthNode
import Logging

/// A node that missed `messages` messages starts and catches up from one peer that has them.
enum CatchUp {
    struct Result: Encodable {
        var messages: Int
        /// From starting the returning node's process until it holds every change.
        var seconds: Double
        /// From its link coming up (its "ready" line) until it holds every change.
        var secondsAfterReady: Double
        var messagesPerSecond: Double
        var seedSeconds: Double
    }

    static func measure(messages: Int, binary: URL, root: URL) async throws -> Result {
        let seedStart = ContinuousClock.now
        try await seed(messages: messages, folder: root.appendingPathComponent("holder"))
        let seedSeconds = (ContinuousClock.now - seedStart).milliseconds / 1000

        let holder = BenchNode(name: "holder", root: root)
        try await holder.start(binary: binary, network: [], peers: [])
        defer { holder.stop() }
        let expected = try await holder.status().opsStored
        let returning = BenchNode(name: "returning", root: root)
        let started = ContinuousClock.now
        try await returning.start(
            binary: binary, network: ["--join", try await holder.invite()], peers: [holder.listen])
        defer { returning.stop() }
        let ready = ContinuousClock.now
        // Its own profile change is one more op than the holder's log.
        while try await returning.status().opsStored < expected + 1 {
            try await Task.sleep(for: .milliseconds(10))
        }
        let done = ContinuousClock.now
        let seconds = (done - started).milliseconds / 1000
        return Result(
            messages: messages, seconds: seconds, secondsAfterReady: (done - ready).milliseconds / 1000,
            messagesPerSecond: Double(messages) / seconds, seedSeconds: seedSeconds)
    }

    /// Writes `messages` chat messages into a fresh data folder, in-process, as its own node.
    private static func seed(messages: Int, folder: URL) async throws {
        let node = try await InProcessNode.start(folder: folder, name: "holder")
        for number in 0..<messages {
            _ = try await node.chat.post(channel: "bench", text: "message \(number) of the backlog", replyTo: nil)
        }
        // A running holder's indexer would have indexed them as they were posted.
        try await node.chat.indexWaitingMessages()
        await node.stop()
    }
}
