import HearthCRDT

/// Runs replicas of one CRDT that make random ops and receive each other's ops in random,
/// causally valid orders, with duplicates; then delivers everything everywhere.
struct ConvergenceSimulator<T: ReplicatedType> {
    /// Makes a random local op on a replica (nil to skip this turn).
    typealias MakeOp = (inout T, inout OpClock, inout SplitMix, _ now: UInt64) -> T.Op?

    private struct SentOp {
        var op: T.Op
        /// How many ops of each replica its maker had applied: what must be delivered first.
        var dependencies: [Int]
    }

    private(set) var replicas: [T]
    private var clocks: [OpClock]
    private var sent: [[SentOp]]
    /// delivered[r][o]: how many of replica o's ops replica r has applied (its own included).
    private var delivered: [[Int]]
    private var random: SplitMix
    private var now: UInt64 = 1_800_000_000_000

    init(replicas count: Int, empty: T, seed: UInt64) {
        replicas = Array(repeating: empty, count: count)
        clocks = (0..<count).map { OpClock(replica: ReplicaID("r\($0)")) }
        sent = Array(repeating: [], count: count)
        delivered = Array(repeating: Array(repeating: 0, count: count), count: count)
        random = SplitMix(seed: seed)
    }

    /// `steps` random steps: a local op, a delivery, or a duplicate delivery.
    mutating func run(steps: Int, makeOp: MakeOp) {
        for _ in 0..<steps {
            now += UInt64.random(in: 0...3, using: &random)  // clocks may also stand still
            let replica = Int.random(in: 0..<replicas.count, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                if let op = makeOp(&replicas[replica], &clocks[replica], &random, now) {
                    sent[replica].append(SentOp(op: op, dependencies: delivered[replica]))
                    delivered[replica][replica] += 1
                }
            case 4..<9:
                deliverOne(to: replica)
            default:
                redeliver(to: replica)
            }
        }
    }

    /// Delivers every op everywhere, in random causal orders; returns the final replicas.
    mutating func finish() -> [T] {
        for replica in replicas.indices {
            while deliverOne(to: replica) {}
        }
        return replicas
    }

    @discardableResult
    private mutating func deliverOne(to replica: Int) -> Bool {
        let ready = sent.indices.filter { origin in
            let next = delivered[replica][origin]
            guard origin != replica, next < sent[origin].count else { return false }
            return zip(sent[origin][next].dependencies, delivered[replica]).allSatisfy { $0 <= $1 }
        }
        guard let origin = ready.randomElement(using: &random) else { return false }
        replicas[replica].apply(sent[origin][delivered[replica][origin]].op)
        delivered[replica][origin] += 1
        return true
    }

    private mutating func redeliver(to replica: Int) {
        let seen = sent.indices.filter { delivered[replica][$0] > 0 }
        guard let origin = seen.randomElement(using: &random) else { return }
        replicas[replica].apply(sent[origin][Int.random(in: 0..<delivered[replica][origin], using: &random)].op)
    }
}
