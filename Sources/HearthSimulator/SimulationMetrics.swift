import HearthMachines

/// What a simulation counted since it started or since `reset`.
public struct SimulationMetrics: Sendable {
    struct Delivery: Sendable {
        var madeAt: Double
        var nodes = 0
        var last: Double
        var maxHops = 0
        var hopSum = 0
    }

    /// Change copies received (new or already held), pushed or by anti-entropy.
    public private(set) var copiesReceived = 0
    public private(set) var pushedCopies = 0
    /// Messages sent, by kind (`ping`, `changes`, `syncRequest`, …).
    public private(set) var messages: [String: Int] = [:]
    public internal(set) var dials = 0
    public internal(set) var linksUp = 0
    public internal(set) var linksDown = 0
    public internal(set) var crashes = 0
    /// Presence bytes each node sent, by node number.
    public internal(set) var presenceBytes: [Int: Int] = [:]
    /// Log lines at warning level.
    public private(set) var warnings: [String] = []
    var deliveries: [ChangeKey: Delivery] = [:]

    public init() {}

    mutating func made(_ change: SimulatedChange, nodeCount: Int) {
        deliveries[change.key] = Delivery(madeAt: change.madeAt, last: change.madeAt)
    }

    mutating func received(_ count: Int, applied: [SimulatedChange], at now: Double, pushed: Bool) {
        copiesReceived += count
        if pushed { pushedCopies += count }
        for change in applied {
            guard var delivery = deliveries[change.key] else { continue }
            delivery.nodes += 1
            delivery.last = max(delivery.last, now)
            delivery.maxHops = max(delivery.maxHops, Int(change.hops))
            delivery.hopSum += Int(change.hops)
            deliveries[change.key] = delivery
        }
    }

    mutating func count(_ packet: Simulation.Packet) {
        let kind: String
        switch packet {
        case .changes: kind = "changes"
        case .presence: kind = "presence"
        case .mesh(let message):
            switch message {
            case .ping: kind = "ping"
            case .pong: kind = "pong"
            case .syncRequest: kind = "syncRequest"
            case .syncDone: kind = "syncDone"
            case .pushControl: kind = "pushControl"
            case .peerList: kind = "peerList"
            case .error: kind = "error"
            case .goodbye: kind = "goodbye"
            }
        }
        messages[kind, default: 0] += 1
    }

    mutating func record(_ line: MeshLog) {
        guard line.level == .warning else { return }
        if warnings.count < 1000 { warnings.append(line.message) }
    }

    /// Starts counting afresh (the changes made so far are no longer followed).
    public mutating func reset() { self = SimulationMetrics() }

    // MARK: Figures

    /// Changes made since the last reset.
    public var changesMade: Int { deliveries.count }

    /// Copies of each change received per node that needed it: 1 is the least possible.
    public func copiesPerChangePerNode(nodes: Int) -> Double {
        guard !deliveries.isEmpty, nodes > 1 else { return 0 }
        return Double(copiesReceived) / Double(deliveries.count * (nodes - 1))
    }

    /// All messages sent per change made.
    public var messagesPerChange: Double {
        deliveries.isEmpty ? 0 : Double(messages.values.reduce(0, +)) / Double(deliveries.count)
    }

    /// The mean and largest number of links a change crossed to reach a node.
    public var hops: (mean: Double, max: Int) {
        let total = deliveries.values.reduce(0) { $0 + $1.nodes }
        let sum = deliveries.values.reduce(0) { $0 + $1.hopSum }
        return (total == 0 ? 0 : Double(sum) / Double(total), deliveries.values.map(\.maxHops).max() ?? 0)
    }

    /// Seconds from a change's making to its arrival at the last node that got it (mean, max).
    public var deliveryTime: (mean: Double, max: Double) {
        let times = deliveries.values.filter { $0.nodes > 0 }.map { $0.last - $0.madeAt }
        guard !times.isEmpty else { return (0, 0) }
        return (times.reduce(0, +) / Double(times.count), times.max()!)
    }

    /// The fewest nodes any change reached (other than its author).
    public var leastReached: Int { deliveries.values.map(\.nodes).min() ?? 0 }
}
