import Foundation

/// How long a delete takes to leave no trace: a message is posted on one node and reaches all,
/// then its author deletes it; the clock runs from the delete's API call until no file in any
/// node's data folder (database, write-ahead log, anything else) holds the message's word.
enum WipeTiming {
    struct Figures: Encodable {
        /// Until the last node's files are clean.
        var allNodes: Percentiles
        /// Until each node's files are clean.
        var perNode: Percentiles
    }

    static func measure(run: ClusterRun, rounds: Int) async throws -> Figures {
        let nodes = run.cluster.nodes
        var all: [Double] = []
        var perNode: [Double] = []
        for round in 0..<rounds {
            // One word no other message has, lowercase (as the search index stores its words).
            let word = "wipe" + String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(12))
            let key = "b:wipe:\(round) \(word)"
            let id = try await nodes[0].post(channel: "bench", text: key)
            guard await run.log.waitUntil([key], reached: nodes.count, within: .seconds(30)) else {
                throw BenchError("message \(round) did not reach every node within 30 s")
            }
            let needle = Data(word.utf8)
            let start = ContinuousClock.now
            try await nodes[0].delete(message: id)
            var pending = Set(nodes.indices)
            let deadline = start + .seconds(60)
            while !pending.isEmpty {
                for index in pending where !holds(needle, under: nodes[index].folder) {
                    pending.remove(index)
                    perNode.append((ContinuousClock.now - start).milliseconds)
                }
                guard ContinuousClock.now < deadline else {
                    throw BenchError("the deleted text was still in the files of \(pending.count) nodes after 60 s")
                }
                if !pending.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            }
            all.append((ContinuousClock.now - start).milliseconds)
        }
        return Figures(allNodes: Percentiles(all), perNode: Percentiles(perNode))
    }

    /// Whether any file under `folder` holds `needle`.
    static func holds(_ needle: Data, under folder: URL) -> Bool {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            if let data = try? Data(contentsOf: file), data.range(of: needle) != nil { return true }
        }
        return false
    }
}
