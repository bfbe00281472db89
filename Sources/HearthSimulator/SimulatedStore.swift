import HearthCRDT
import HearthCrypto
import HearthMachines

/// One simulated node's op logs: what it applied, and the causal buffer for what came early.
/// Like a real node's store, it survives the node's crash.
struct SimulatedStore {
    private(set) var heads = VersionVector<NodeID>()
    private(set) var log: [NodeID: [SimulatedChange]] = [:]
    private(set) var buffer = CausalBuffer<SimulatedChange>()

    /// What a received batch turned out to be.
    struct Outcome {
        var fresh: [ChangeKey] = []
        var duplicates: [ChangeKey] = []
        /// Applied now (this batch's or waiting ones), in causal order.
        var applied: [SimulatedChange] = []
        var refused = 0
    }

    mutating func commit(_ change: SimulatedChange) {
        log[change.key.author, default: []].append(change)
        heads.advance(change.key.author, to: change.key.seq)
    }

    mutating func receive(_ batch: [SimulatedChange], now: Double) -> Outcome {
        var outcome = Outcome()
        for change in batch {
            if heads.contains(change.key.author, change.key.seq) {
                outcome.duplicates.append(change.key)
                continue
            }
            switch buffer.add(change, now: now) {
            case .added: outcome.fresh.append(change.key)
            case .alreadyWaiting: outcome.duplicates.append(change.key)
            case .equivocation, .overAuthorLimit, .overTotalLimit: outcome.refused += 1
            }
        }
        while true {
            let (ready, _) = buffer.ready(after: heads, limit: .max)
            guard !ready.isEmpty else { break }
            for change in ready {
                buffer.remove(change.key)
                commit(change)
                outcome.applied.append(change)
            }
        }
        return outcome
    }

    /// The changes `have` lacks, oldest author first, in batches of at most `batchLimit`.
    func missing(from have: VersionVector<NodeID>, batchLimit: Int) -> [[SimulatedChange]] {
        var ranges = heads.missingRanges(in: have).map { (author: $0.replica, range: $0.range) }
        ranges.sort { lhs, rhs in
            let left = log[lhs.author]![Int(lhs.range.lowerBound) - 1].madeAt
            let right = log[rhs.author]![Int(rhs.range.lowerBound) - 1].madeAt
            return (left, lhs.author) < (right, rhs.author)
        }
        var batches: [[SimulatedChange]] = []
        for (author, range) in ranges {
            let changes = log[author]![(Int(range.lowerBound) - 1)..<Int(range.upperBound)]
            var start = changes.startIndex
            while start < changes.endIndex {
                let end = min(start + batchLimit, changes.endIndex)
                batches.append(Array(changes[start..<end]))
                start = end
            }
        }
        return batches
    }
}
