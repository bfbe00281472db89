import ArgumentParser
import Foundation
import HearthCRDT

/// `hearth-bench list`: the list with move under concurrent reordering. Five replicas share a
/// list, each makes its share of random moves without hearing from the others, then each takes
/// in everyone else's moves; all must end identical, every element once. The ops travel encoded
/// and are decoded just before they are applied (outside the clock); each replica merges in turn
/// and is let go once checked, as each would be on its own machine.
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
        /// Resident memory before any list existed (the runtime, Foundation, the libraries).
        var baselineRSSBytes: Int
        /// Peak resident memory through the merges (the reload check after them is not counted).
        var peakRSSBytes: Int
    }

    func run() throws {
        let baseline = ProcessUsage(pid: getpid())?.residentBytes ?? 0
        let clock = ContinuousClock()
        var clocks = (0..<replicas).map { OpClock(replica: ReplicaID("replica\($0)")) }
        var seed = MovableList<Int>()
        let inserts = (0..<elements).map { seed.insert($0, at: $0, clock: &clocks[0], now: 1) }
        var lists = Array(repeating: MovableList<Int>(), count: replicas)
        for index in lists.indices { lists[index].apply(inserts) }
        var random = SystemRandomNumberGenerator()
        // What each replica sends, encoded as it would travel; decoded again just before it is
        // taken in (outside the clock, as the moves were values before).
        var sent: [[UInt8]] = []
        var local = Duration.zero
        for replica in 0..<replicas {
            var ops: [MovableList<Int>.Op] = []
            local += clock.measure {
                for _ in 0..<moves / replicas {
                    let from = Int.random(in: 0..<elements, using: &random)
                    let to = Int.random(in: 0..<elements, using: &random)
                    ops.append(lists[replica].move(from: from, to: to, clock: &clocks[replica], now: 2))
                }
            }
            sent.append(ops.encoded())
        }
        // Each replica takes in the others' moves, as each node would on its own machine; once
        // checked against the first (its encoding's digest and its values), it is let go.
        var merge = Duration.zero
        var first: (digest: Int, values: [Int])?
        var lastState: [UInt8] = []
        var converged = true
        for replica in 0..<replicas {
            var list = lists[replica]
            lists[replica] = MovableList()
            for other in 0..<replicas where other != replica {
                let ops = try [MovableList<Int>.Op].decode(sent[other])
                merge += clock.measure { list.apply(ops) }
            }
            let (state, values) = (list.encoded(), list.values)
            if let first {
                converged = converged && state.hashValue == first.digest && values == first.values
            } else {
                first = (state.hashValue, values)
                converged = values.sorted() == Array(0..<elements)
            }
            if replica == replicas - 1 { lastState = state }
        }
        let peakAfterMerge = ProcessUsage.peakResidentBytesOfSelf()
        // The saved state loads back to the same list (a second copy, so after the reading).
        let reloaded = try MovableList<Int>.decode(lastState)
        converged = converged && reloaded.encoded() == lastState && reloaded.values == first?.values
        let state = lastState
        let result = Result(
            replicas: replicas, elements: elements, moves: moves / replicas * replicas,
            localMovesMs: local.milliseconds, mergeMs: merge.milliseconds, converged: converged,
            encodedStateBytes: state.count, baselineRSSBytes: baseline, peakRSSBytes: peakAfterMerge)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
        } else {
            print(
                String(
                    format:
                        "list with move: %d replicas, %d elements, %d random moves | local %.1f ms (%.0f moves/s), merge %.1f ms (%.0f ops/s) | %@ | state %d B | peak RSS %.1f MB (%.1f MB before any list)",
                    replicas, elements, result.moves, result.localMovesMs,
                    Double(result.moves) / max(result.localMovesMs, 0.001) * 1000, result.mergeMs,
                    Double(result.moves * (replicas - 1)) / max(result.mergeMs, 0.001) * 1000,
                    converged ? "converged, every element once" : "DID NOT CONVERGE", state.count,
                    Double(result.peakRSSBytes) / 1_048_576, Double(result.baselineRSSBytes) / 1_048_576))
        }
    }
}
