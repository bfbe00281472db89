import Foundation
import HearthChat
import HearthChatModels
import HearthNode

/// Search over a growing chat history in one in-process node on a real database: messages are
/// posted through the node (signed, stored, indexed) until the history holds each size, then
/// queries of several shapes run through `ChatService.search`, and deletes and edits are timed
/// (each rewrites the part of the index that held the old words).
struct SearchBenchmark {
    struct QueryFigures: Encodable {
        var shape: String
        var example: String
        var queries: Int
        var meanHits: Double
        var p50Milliseconds: Double
        var p95Milliseconds: Double
        var maxMilliseconds: Double
    }

    struct SizeFigures: Encodable {
        var messages: Int
        var databaseBytes: Int
        var queries: [QueryFigures]
        var all: Percentiles
        var deleteMilliseconds: Percentiles
        var editMilliseconds: Percentiles
    }

    let folder: URL
    let channels = 20
    var queriesPerShape = 100
    var inFlight = 64

    /// Grows one history through `sizes` (ascending) and measures at each.
    func run(sizes: [Int], report: (SizeFigures) -> Void) async throws {
        let node = try await InProcessNode.start(folder: folder, name: "searcher")
        defer { Task { await node.stop() } }
        for number in 1..<channels { _ = try await node.chat.createChannel("c\(number)", topic: nil) }
        var corpus = ChatCorpus(seed: 2026)
        var posted = 0
        var middle: Date?
        var written: [String] = []
        for size in sizes.sorted() where size > posted {
            progress("search: posting messages \(posted + 1)–\(size)")
            let ids = try await post(size - posted, from: posted, on: node, corpus: &corpus) { count in
                if middle == nil, count >= size / 2 { middle = Date() }
            }
            written += ids.filter { _ in corpus.below(100) == 0 }
            posted = size
            progress("search: \(size) messages: querying")
            // What the background indexer has not reached yet, so the queries see a whole index.
            try await node.chat.indexWaitingMessages()
            let queries = try await measureQueries(node: node, corpus: &corpus, after: middle ?? Date())
            progress("search: \(size) messages: deleting and editing")
            let (deletes, edits) = try await measureChanges(node: node, messages: &written)
            let all = Percentiles(queries.flatMap(\.samples))
            report(
                SizeFigures(
                    messages: size, databaseBytes: databaseBytes(), queries: queries.map(\.figures), all: all,
                    deleteMilliseconds: Percentiles(deletes), editMilliseconds: Percentiles(edits)))
        }
    }

    /// Posts `count` messages with `inFlight` posts at a time, round the channels; returns their ids.
    private func post(
        _ count: Int, from start: Int, on node: Node, corpus: inout ChatCorpus, reached: (Int) -> Void
    ) async throws -> [String] {
        var ids: [String] = []
        var next = 0
        let batch = 4096
        while next < count {
            let texts = (0..<min(batch, count - next)).map { _ in corpus.message() }
            let places = texts.indices.map { _ in corpus.below(channels) }
            let posted = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<inFlight {
                    group.addTask {
                        var ids: [String] = []
                        for index in stride(from: worker, to: texts.count, by: inFlight) {
                            let channel = places[index] == 0 ? "bench" : "c\(places[index])"
                            ids.append(
                                try await node.chat.post(channel: channel, text: texts[index], replyTo: nil).id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            ids += posted
            next += texts.count
            reached(start + next)
            if (start + next) % 100_000 < batch { progress("search: \(start + next) messages posted") }
        }
        return ids
    }

    private struct Measured {
        var figures: QueryFigures
        var samples: [Double]
    }

    /// Each shape of query `queriesPerShape` times with different words, newest 50 hits.
    private func measureQueries(node: Node, corpus: inout ChatCorpus, after middle: Date) async throws -> [Measured] {
        let after = ISO8601DateFormatter().string(from: middle)
        var vocabulary = corpus
        let shapes: [(String, (inout ChatCorpus, Int) -> String)] = [
            ("common word", { _, number in ChatCorpus.common[number % 10] }),
            ("mid-frequency word", { corpus, _ in corpus.word(rank: 100 + corpus.below(900)) }),
            ("rare word", { corpus, _ in corpus.word(rank: 5_000 + corpus.below(15_000)) }),
            (
                "two words",
                { corpus, _ in corpus.word(rank: corpus.below(300)) + " " + corpus.word(rank: corpus.below(300)) }
            ),
            (
                "phrase",
                { corpus, _ in
                    "\"" + corpus.word(rank: corpus.below(30)) + " " + corpus.word(rank: corpus.below(30)) + "\""
                }
            ),
            ("prefix", { corpus, _ in String(corpus.word(rank: 50 + corpus.below(500)).prefix(3)) + "*" }),
            (
                "word in:channel",
                { corpus, _ in corpus.word(rank: corpus.below(1_000)) + " in:c\(1 + corpus.below(19))" }
            ),
            ("word after:instant", { corpus, _ in corpus.word(rank: corpus.below(1_000)) + " after:\(after)" }),
            (
                "rare word from:member",
                { corpus, _ in corpus.word(rank: 5_000 + corpus.below(15_000)) + " from:searcher" }
            ),
        ]
        var measured: [Measured] = []
        for (name, make) in shapes {
            var samples: [Double] = []
            var hits = 0
            var example = ""
            for number in 0..<queriesPerShape {
                let query = make(&vocabulary, number)
                if number == 0 { example = query }
                let start = ContinuousClock.now
                hits += try await node.chat.search(query, limit: 50).count
                samples.append((ContinuousClock.now - start).milliseconds)
            }
            let summary = Percentiles(samples)
            measured.append(
                Measured(
                    figures: QueryFigures(
                        shape: name, example: example, queries: samples.count,
                        meanHits: Double(hits) / Double(samples.count), p50Milliseconds: summary.p50,
                        p95Milliseconds: summary.p95, maxMilliseconds: summary.max),
                    samples: samples))
        }
        return measured
    }

    /// Deletes 10 and edits 10 messages spread over the history, one at a time.
    private func measureChanges(node: Node, messages: inout [String]) async throws -> ([Double], [Double]) {
        var deletes: [Double] = []
        var edits: [Double] = []
        for round in 0..<20 where !messages.isEmpty {
            let id = messages.remove(at: (round * 7919) % messages.count)
            let start = ContinuousClock.now
            if round % 2 == 0 {
                _ = try await node.chat.delete(id)
                deletes.append((ContinuousClock.now - start).milliseconds)
            } else {
                _ = try await node.chat.edit(id, text: "edited \(round) gg")
                edits.append((ContinuousClock.now - start).milliseconds)
            }
        }
        return (deletes, edits)
    }

    private func databaseBytes() -> Int {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        var total = 0
        while let file = files?.nextObject() as? URL {
            total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}
