import Foundation
import HearthChat
import HearthNode
import HearthStats
import HearthStatsEngine
import HearthStatsModels

/// A node in this process reads the synthetic log (each match signed as an op and committed),
/// then reads a leaderboard: the first read loads every record from the database, decodes it and
/// ranks everyone (Glicko-2 over every match in order), as after a start. Then, round after round,
/// a record arrives (a short match read from another log) and the next read works every
/// leaderboard out again, reading and decoding only the new record. The ranking alone, on records
/// in memory, shows how the time divides.
enum BoardRebuild {
    struct Figures: Encodable {
        var matches: Int
        var players: Int
        var ingestSeconds: Double
        /// The first read: every record loaded, decoded and ranked.
        var firstReadMilliseconds: Double
        /// After a new record: that record read, every board worked out again.
        var rebuildMilliseconds: Percentiles
        /// Ranking alone, on decoded records.
        var rankMilliseconds: Percentiles
        var databaseBytes: Int
    }

    static func measure(log: URL, records: [MatchRecord], folder: URL, rounds: Int) async throws -> Figures {
        let node = try await InProcessNode.start(folder: folder, name: "ranker", apps: [ChatApp(), StatsApp()])
        let ingestStart = ContinuousClock.now
        let ingested = try await node.stats.ingest(log.path, server: "bench.lan:27960")
        let ingestSeconds = (ContinuousClock.now - ingestStart).milliseconds / 1000
        guard ingested.signed == records.count else {
            throw BenchError("the node signed \(ingested.signed) matches of the log's \(records.count)")
        }
        let firstStart = ContinuousClock.now
        var players = try await node.stats.board().rows.count
        let firstRead = (ContinuousClock.now - firstStart).milliseconds
        var rebuild: [Double] = []
        for round in 0..<rounds {
            // A new record arrives (here read from a log): the boards are out of date after it.
            let one = folder.appendingPathComponent("match-\(round).log")
            try Data(SyntheticLog.shortMatch(number: round).utf8).write(to: one)
            let result = try await node.stats.ingest(one.path, server: "bench.lan:27960")
            guard result.signed == 1 else {
                throw BenchError("the short match \(round) was not signed (\(result))")
            }
            let started = ContinuousClock.now
            let board = try await node.stats.board()
            rebuild.append((ContinuousClock.now - started).milliseconds)
            players = board.rows.count
        }
        var rank: [Double] = []
        for _ in 0..<rounds {
            let started = ContinuousClock.now
            let boards = Leaderboards(records: records)
            rank.append((ContinuousClock.now - started).milliseconds)
            if boards.all.rows.isEmpty { progress("no rows") }
        }
        await node.stop()
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []
        let bytes = files.reduce(0) { total, file in
            let size = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file).path)[
                .size]
            return total + ((size as? NSNumber)?.intValue ?? 0)
        }
        return Figures(
            matches: records.count, players: players, ingestSeconds: ingestSeconds, firstReadMilliseconds: firstRead,
            rebuildMilliseconds: Percentiles(rebuild), rankMilliseconds: Percentiles(rank), databaseBytes: bytes)
    }
}
