import ArgumentParser
import Foundation
import HearthCRDT

/// `hearth-bench list`: the list with move under concurrent reordering. Five replicas share a
/// list, each makes its share of random moves without hearing from the others, then each takes
/// in everyone else's moves; all must end identical, every element once.
struct ListMoveBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Benchmark the list with move: random concurrent moves, merged.")

    @Option(help: "Replicas.") var replicas = 5
    @Option(help: "Elements in the list.") var elements = 1_000
    @Option(help: "Moves in all, shared between the replicas.") var moves = 100_000
    @Flag(help: "Print one JSON object.") var json = false

    struct Result: Codable {
        var benchmark = "list-move"
        var replicas: Int
        var elements: Int
        var moves: Int
        /// Every replica's local moves, one after another.
        var localMovesMs: Double
        /// Every replica taking in the other replicas' moves, one after another.
        var mergeMs: Double
        var converged: Bool
        var encodedStateBytes: Int
        /// Peak resident memory when the merge is done (before the convergence checks).
        var peakRSSAfterMergeBytes: Int
        var peakRSSBytes: Int
    }

    func run() throws {
        let clock = ContinuousClock()
        var clocks = (0..<replicas).map { OpClock(replica: ReplicaID("replica\($0)")) }
        var seed = MovableList<Int>()
        let inserts = (0..<elements).map { seed.insert($0, at: $0, clock: &clocks[0], now: 1) }
        var lists = Array(repeating: MovableList<Int>(), count: replicas)
        for index in lists.indices { lists[index].apply(inserts) }
        var random = SystemRandomNumberGenerator()
        var opsOf = Array(repeating: [MovableList<Int>.Op](), count: replicas)
        let local = clock.measure {
            for replica in 0..<replicas {
                for _ in 0..<moves / replicas {
                    let from = Int.random(in: 0..<elements, using: &random)
                    let to = Int.random(in: 0..<elements, using: &random)
                    opsOf[replica].append(lists[replica].move(from: from, to: to, clock: &clocks[replica], now: 2))
                }
            }
        }
        let merge = clock.measure {
            for replica in 0..<replicas {
                for other in 0..<replicas where other != replica { lists[replica].apply(opsOf[other]) }
            }
        }
        let peakAfterMerge = ProcessUsage.peakResidentBytesOfSelf()
        let state = lists[0].encoded()
        let converged =
            lists.allSatisfy { $0 == lists[0] && $0.values == lists[0].values && $0.encoded() == state }
            && lists[0].values.sorted() == Array(0..<elements)
        let result = Result(
            replicas: replicas, elements: elements, moves: moves / replicas * replicas,
            localMovesMs: local.milliseconds, mergeMs: merge.milliseconds, converged: converged,
            encodedStateBytes: state.count, peakRSSAfterMergeBytes: peakAfterMerge,
            peakRSSBytes: ProcessUsage.peakResidentBytesOfSelf())
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
        } else {
            print(
                String(
                    format:
                        "list with move: %d replicas, %d elements, %d random moves | local %.1f ms (%.0f moves/s), merge %.1f ms (%.0f ops/s) | %@ | state %d B | peak RSS %.1f MB after the merge, %.1f MB after the checks",
                    replicas, elements, result.moves, result.localMovesMs,
                    Double(result.moves) / max(result.localMovesMs, 0.001) * 1000, result.mergeMs,
                    Double(result.moves * (replicas - 1)) / max(result.mergeMs, 0.001) * 1000,
                    converged ? "converged, every element once" : "DID NOT CONVERGE", state.count,
                    Double(result.peakRSSAfterMergeBytes) / 1_048_576, Double(result.peakRSSBytes) / 1_048_576))
        }
    }
}
