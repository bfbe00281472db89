import HearthCRDT
import HearthCrypto
import HearthMachines

/// Many Hearth nodes in one process on a virtual clock: each runs the real `MeshMachine` and a
/// causal buffer over simulated op logs; links have latency and loss, the network can be split
/// and healed, and nodes crash and restart. The same seed gives the same run.
public final class Simulation {
    public struct Settings: Sendable {
        public var nodes = 500
        public var seed: UInt64 = 1
        /// One-way latency of each pair of nodes is drawn from this range (seconds).
        public var latency: ClosedRange<Double> = 0.001...0.010
        /// Chance that a packet is lost and TCP sends it again after `retransmitDelay`.
        public var loss = 0.0
        public var retransmitDelay = 0.2
        /// A dial to a node that is down or cut off fails after this long.
        public var connectTimeout = 5.0
        /// How many other nodes each node finds at start, as the LAN would show them.
        public var bootstrapPeers = 16
        public var mesh = MeshSettings()
        /// Most changes per answered sync batch, as on the wire.
        public var batchLimit = 512
        /// Whether each node also runs a presence machine.
        public var presence = false
        public var presenceSettings = PresenceSettings()

        public init() {}
    }

    struct Node {
        var id: NodeID
        var address: PeerAddress
        var machine: MeshMachine
        var store = SimulatedStore()
        var random: SplitMix64
        var alive = true
        /// Bumped on each restart, so packets for a crashed process are not delivered to the new one.
        var generation = 0
        var wakeAt: Double?
        var known: [NodeID: [PeerAddress]] = [:]
        var presence: PresenceMachine?
        var presenceWakeAt: Double?
        /// Until when the node is frozen (its events wait).
        var stalledUntil = 0.0
    }

    enum Packet {
        case mesh(MeshMessage)
        case changes([SimulatedChange], pushed: Bool)
        case presence(PresenceMessage)
    }

    /// One end of a connection: a node, its process generation, and the machine's connection id.
    struct End: Hashable {
        var node: Int
        var generation: Int
        var connection: ConnectionID
    }

    struct Pipe {
        var remote: End?
        var latency: Double
        /// When the last packet sent this way arrives, so packets stay in order (TCP).
        var lastArrival = 0.0
    }

    enum Event {
        case tick(Int)
        case presenceTick(Int)
        case crash(Int)
        case deliver(End, Packet)
        case accept(dialler: End, target: Int)
        case connected(End, responder: End)
        case responderHello(End, initiator: End, counts: LinkCounts)
        case initiatorHello(End, responder: End, counts: LinkCounts)
        case dialFailed(End)
        case closed(End, reason: String)
        /// The remote end closed; heard only if it can reach this one.
        case peerClosed(End, from: Int)
    }

    public let settings: Settings
    var nodes: [Node] = []
    var index: [NodeID: Int] = [:]
    var byHost: [String: Int] = [:]
    public private(set) var now = 0.0
    var queue = EventQueue<Event>()
    var network: SplitMix64
    var pipes: [End: Pipe] = [:]
    /// The part of the network each node is in; nodes in different parts cannot reach each other.
    var group: [Int]
    public internal(set) var metrics = SimulationMetrics()
    /// Every change of who is online that a presence machine reported.
    public internal(set) var presenceChanges: [PresenceChange] = []

    public init(settings: Settings = Settings()) {
        self.settings = settings
        network = SplitMix64(seed: settings.seed)
        group = Array(repeating: 0, count: settings.nodes)
        for number in 0..<settings.nodes {
            var seedBytes = [UInt8](repeating: 0, count: 32)
            var generator = SplitMix64(seed: settings.seed &* 1_000_003 &+ UInt64(number))
            for offset in stride(from: 0, to: 32, by: 8) {
                withUnsafeBytes(of: generator.next()) { seedBytes.replaceSubrange(offset..<offset + 8, with: $0) }
            }
            let id = try! NodeID(bytes: seedBytes)
            let address = PeerAddress(host: "10.\(number / 65536).\(number / 256 % 256).\(number % 256)", port: 7070)
            nodes.append(
                Node(
                    id: id, address: address, machine: MeshMachine(own: id, settings: settings.mesh, now: 0),
                    random: SplitMix64(seed: generator.next())))
            index[id] = number
            byHost[address.host] = number
        }
        for number in nodes.indices { nodes[number].presence = newPresence(number) }
        for number in nodes.indices {
            var found: [NodeID: [PeerAddress]] = [:]
            while found.count < min(settings.bootstrapPeers, nodes.count - 1) {
                let other = Int.random(in: 0..<nodes.count, using: &network)
                if other != number { found[nodes[other].id] = [nodes[other].address] }
            }
            nodes[number].known = found
            run(number) { machine, random, now in machine.setDiscovered(found, now: now, random: &random) }
        }
    }

    // MARK: Running

    /// Runs events until the virtual clock reaches `time`.
    public func run(until time: Double) {
        while let next = queue.nextTime, next <= time {
            let (at, event) = queue.pop()!
            now = at
            if let number = node(of: event), nodes[number].stalledUntil > now {
                queue.push(event, at: nodes[number].stalledUntil)
                continue
            }
            handle(event)
        }
        now = max(now, time)
    }

    /// Runs for `duration` more seconds.
    public func run(for duration: Double) { run(until: now + duration) }

    /// Runs until `condition` holds (checked every simulated second) or `limit` seconds pass;
    /// returns whether it held.
    @discardableResult
    public func run(upTo limit: Double, until condition: (Simulation) -> Bool) -> Bool {
        let end = now + limit
        while now < end {
            if condition(self) { return true }
            run(until: min(end, now + 1))
        }
        return condition(self)
    }

    /// Hands node `number`'s machine to `body` and carries out the actions it returns.
    func run(_ number: Int, _ body: (inout MeshMachine, inout SplitMix64, Double) -> [MeshAction]) {
        guard nodes[number].alive else { return }
        var random = nodes[number].random
        let actions = body(&nodes[number].machine, &random, now)
        nodes[number].random = random
        perform(actions, at: number)
        reschedule(number)
    }

    func reschedule(_ number: Int) {
        guard nodes[number].alive, let wake = nodes[number].machine.nextWakeup(after: now) else { return }
        if let current = nodes[number].wakeAt, current > now, current <= wake { return }
        nodes[number].wakeAt = wake
        queue.push(.tick(number), at: wake)
    }

    // MARK: Nodes

    public var nodeCount: Int { nodes.count }
    public func id(of number: Int) -> NodeID { nodes[number].id }
    public func isAlive(_ number: Int) -> Bool { nodes[number].alive }
    public func heads(of number: Int) -> VersionVector<NodeID> { nodes[number].store.heads }
    public func links(of number: Int) -> Int { nodes[number].machine.linkedPeers.count }
    public func linkedPeers(of number: Int) -> [Int] { nodes[number].machine.linkedPeers.compactMap { index[$0] } }
    public func waitingChanges(of number: Int) -> Int { nodes[number].store.buffer.count }

    /// Node `number` makes a change that depends on the latest change of one other author it holds.
    @discardableResult
    public func makeChange(at number: Int, bytes: Int = 200) -> ChangeKey? {
        guard nodes[number].alive else { return nil }
        let own = nodes[number].id
        let key = ChangeKey(author: own, seq: nodes[number].store.heads[own] + 1)
        let others = nodes[number].store.heads.entries.filter { $0.key != own }.sorted { $0.key < $1.key }
        var deps: [ChangeKey] = []
        if !others.isEmpty {
            let (author, seq) = others[Int.random(in: 0..<others.count, using: &network)]
            deps = [ChangeKey(author: author, seq: seq)]
        }
        let change = SimulatedChange(key: key, deps: deps, byteCount: bytes, madeAt: now)
        nodes[number].store.commit(change)
        metrics.made(change, nodeCount: nodes.count)
        broadcast([change], from: number, except: nil)
        reschedule(number)
        return key
    }

    /// Everything any running node holds, as one vector.
    public var everything: VersionVector<NodeID> {
        var all = VersionVector<NodeID>()
        for node in nodes where node.alive { all.merge(node.store.heads) }
        return all
    }

    /// Whether every running node holds every change made.
    public var isConverged: Bool {
        let all = everything
        return nodes.allSatisfy { !$0.alive || $0.store.heads == all }
    }

    /// Running nodes that lack something.
    public var laggingNodes: [Int] {
        let all = everything
        return nodes.indices.filter { nodes[$0].alive && nodes[$0].store.heads != all }
    }
}
