import HearthCrypto

@testable import HearthMachines

/// One mesh machine on a fake clock, with helpers that play the driver's part.
struct MeshHarness {
    var machine: MeshMachine
    var random = SplitMix64(seed: 1)
    var now = 0.0
    let own: NodeID

    init(settings: MeshSettings = MeshSettings(), own: NodeID = NodeIdentity.generate().id) {
        self.own = own
        machine = MeshMachine(own: own, settings: settings, now: 0)
    }

    mutating func tick(at time: Double) -> [MeshAction] {
        now = time
        return machine.tick(now: now, random: &random)
    }

    /// Runs the clock to `time` in one-second ticks; returns every action. With `traffic`, every
    /// link receives something each second, so none times out.
    mutating func run(until time: Double, traffic: Bool = false) -> [MeshAction] {
        var actions: [MeshAction] = []
        while now + 1 <= time {
            if traffic {
                for summary in machine.linkSummaries {
                    _ = machine.received(.pong(nonce: 0), on: summary.connection, now: now + 1)
                }
            }
            actions += tick(at: now + 1)
        }
        return actions
    }

    static func hello(_ peer: NodeID, links: Int = 1, maxLinks: Int = 12, listenPort: Int = 7070) -> PeerHello {
        PeerHello(
            peer: peer, name: "peer", listenPort: listenPort, counts: LinkCounts(links: links, maxLinks: maxLinks))
    }

    /// An inbound connection from `host` whose handshake succeeds with `hello`.
    mutating func inbound(_ hello: PeerHello, from host: String = "10.0.0.9") -> (ConnectionID, [MeshAction]) {
        let id = machine.newConnectionID()
        machine.accepted(id, from: PeerAddress(host: host, port: 50_000 + Int(id.rawValue)), now: now)
        _ = machine.helloCounts(for: id)
        return (id, machine.handshakeSucceeded(id, hello: hello, now: now, random: &random))
    }

    /// Completes the dial `id` with `hello`.
    mutating func complete(_ id: ConnectionID, _ hello: PeerHello) -> [MeshAction] {
        machine.connected(id, now: now)
        _ = machine.helloCounts(for: id)
        return machine.handshakeSucceeded(id, hello: hello, now: now, random: &random)
    }

    mutating func closed(_ id: ConnectionID, reason: String = "closed by peer") -> [MeshAction] {
        machine.closed(id, reason: reason, now: now, random: &random)
    }
}

extension Array where Element == MeshAction {
    var dials: [(ConnectionID, PeerAddress)] {
        compactMap { if case .dial(let id, let address) = $0 { (id, address) } else { nil } }
    }

    var closes: [(ConnectionID, UInt32?, String)] {
        compactMap { if case .close(let id, let code, let reason) = $0 { (id, code, reason) } else { nil } }
    }

    var sent: [(ConnectionID, MeshMessage)] {
        compactMap { if case .send(let id, let message) = $0 { (id, message) } else { nil } }
    }

    var logLines: [String] {
        compactMap { if case .log(let line) = $0 { line.message } else { nil } }
    }

    var linksUp: [LinkSummary] {
        compactMap { if case .linkUp(let summary) = $0 { summary } else { nil } }
    }
}
