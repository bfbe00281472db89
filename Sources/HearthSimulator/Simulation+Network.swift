import HearthCRDT
import HearthCrypto
import HearthMachines

extension Simulation {
    func end(_ number: Int, _ connection: ConnectionID) -> End {
        End(node: number, generation: nodes[number].generation, connection: connection)
    }

    func isCurrent(_ end: End) -> Bool {
        nodes[end.node].alive && nodes[end.node].generation == end.generation
    }

    func canReach(_ a: Int, _ b: Int) -> Bool { group[a] == group[b] && nodes[a].alive && nodes[b].alive }

    /// The one-way latency between two nodes: fixed per pair, drawn from the seed.
    func latency(_ a: Int, _ b: Int) -> Double {
        var generator = SplitMix64(seed: settings.seed ^ (UInt64(min(a, b)) << 32 | UInt64(max(a, b))))
        let span = settings.latency.upperBound - settings.latency.lowerBound
        return settings.latency.lowerBound + span * Double(generator.next() >> 11) / Double(1 << 53)
    }

    /// A delay of `base`, plus a retransmission when the packet is lost.
    func delay(_ base: Double) -> Double {
        guard settings.loss > 0 else { return base }
        var total = base
        while Double.random(in: 0..<1, using: &network) < settings.loss { total += settings.retransmitDelay }
        return total
    }

    // MARK: Partitions, crashes, restarts

    /// Splits the network: `parts[i]` is the part of node i; nodes in different parts reach
    /// nothing of each other (links between them fall silent).
    public func partition(_ parts: [Int]) {
        precondition(parts.count == nodes.count)
        group = parts
    }

    /// Splits the network into `count` random parts.
    public func partitionRandomly(into count: Int) {
        partition(nodes.indices.map { _ in Int.random(in: 0..<count, using: &network) })
    }

    public func heal() { group = Array(repeating: 0, count: nodes.count) }

    /// The node stops at once (power cut): its peers hear nothing more from it.
    public func crash(_ number: Int) {
        guard nodes[number].alive else { return }
        nodes[number].alive = false
        nodes[number].wakeAt = nil
        nodes[number].presenceWakeAt = nil
        nodes[number].stalledUntil = 0
        for key in pipes.keys where key.node == number { pipes[key] = nil }
        metrics.crashes += 1
    }

    /// The node starts again with its stored logs and a new mesh, finding the peers it found before.
    public func restart(_ number: Int) {
        guard !nodes[number].alive else { return }
        nodes[number].alive = true
        nodes[number].generation += 1
        nodes[number].machine = MeshMachine(own: nodes[number].id, settings: settings.mesh, now: now)
        nodes[number].presence = newPresence(number)
        let found = nodes[number].known
        run(number) { machine, random, now in machine.setDiscovered(found, now: now, random: &random) }
    }

    // MARK: Connections

    func dial(from number: Int, connection: ConnectionID, to address: PeerAddress) {
        let dialler = end(number, connection)
        guard let target = byHost[address.host], address.port == nodes[target].address.port,
            canReach(number, target)
        else {
            queue.push(.dialFailed(dialler), at: now + settings.connectTimeout)
            return
        }
        pipes[dialler] = Pipe(remote: nil, latency: latency(number, target))
        queue.push(.accept(dialler: dialler, target: target), at: now + delay(latency(number, target)))
        metrics.dials += 1
    }

    /// Queues `packet` from `sender` to the other end of its connection, in order.
    func send(_ packet: Packet, from sender: End) {
        guard var pipe = pipes[sender], let remote = pipe.remote else { return }
        let arrival = max(now + delay(pipe.latency), pipe.lastArrival)
        pipe.lastArrival = arrival
        pipes[sender] = pipe
        metrics.count(packet)
        queue.push(.deliver(remote, packet), at: arrival)
    }

    /// Closes `sender`'s end after what it queued; the remote end hears of it after the packets.
    func close(_ sender: End, reason: String, abort: Bool) {
        queue.push(.closed(sender, reason: reason), at: now)
        guard let pipe = pipes.removeValue(forKey: sender), let remote = pipe.remote else { return }
        let arrival = abort ? now + pipe.latency : max(now + pipe.latency, pipe.lastArrival)
        queue.push(.peerClosed(remote, from: sender.node), at: arrival)
    }

    func handle(_ event: Event) {
        switch event {
        case .tick(let number):
            guard nodes[number].alive, nodes[number].wakeAt == now else { return }
            nodes[number].wakeAt = nil
            run(number) { machine, random, now in machine.tick(now: now, random: &random) }
        case .presenceTick(let number):
            guard nodes[number].alive, nodes[number].presenceWakeAt == now else { return }
            nodes[number].presenceWakeAt = nil
            runPresence(number) { machine, now in machine.tick(now: now) }
        case .crash(let number):
            crash(number)
        case .deliver(let to, let packet):
            guard isCurrent(to), pipes[to] != nil, let from = pipes[to]?.remote, canReach(to.node, from.node) else {
                return
            }
            receive(packet, at: to)
        case .accept(let dialler, let target):
            guard isCurrent(dialler), canReach(dialler.node, target) else { return }
            let connection = nodes[target].machine.newConnectionID()
            let responder = end(target, connection)
            let remoteAddress = PeerAddress(
                host: nodes[dialler.node].address.host, port: 40000 + Int(connection.rawValue % 20000))
            nodes[target].machine.accepted(connection, from: remoteAddress, now: now)
            pipes[responder] = Pipe(remote: dialler, latency: pipes[dialler]?.latency ?? 0)
            pipes[dialler]?.remote = responder
            queue.push(.connected(dialler, responder: responder), at: now + delay(pipes[responder]!.latency))
            reschedule(target)
        case .connected(let dialler, let responder):
            guard isCurrent(dialler), isCurrent(responder), canReach(dialler.node, responder.node) else { return }
            nodes[dialler.node].machine.connected(dialler.connection, now: now)
            let counts = nodes[dialler.node].machine.helloCounts(for: dialler.connection)
            queue.push(
                .responderHello(responder, initiator: dialler, counts: counts), at: now + delay(pipes[dialler]!.latency)
            )
            reschedule(dialler.node)
        case .responderHello(let responder, let initiator, let counts):
            guard isCurrent(responder), isCurrent(initiator), canReach(responder.node, initiator.node) else { return }
            let mine = nodes[responder.node].machine.helloCounts(for: responder.connection)
            queue.push(
                .initiatorHello(initiator, responder: responder, counts: mine),
                at: now + delay(pipes[responder]!.latency))
            let hello = PeerHello(
                peer: nodes[initiator.node].id, name: "node \(initiator.node)", listenPort: 7070, counts: counts)
            run(responder.node) { machine, random, now in
                machine.handshakeSucceeded(responder.connection, hello: hello, now: now, random: &random)
            }
        case .initiatorHello(let initiator, let responder, let counts):
            guard isCurrent(initiator), pipes[initiator] != nil, canReach(initiator.node, responder.node) else {
                return
            }
            let hello = PeerHello(
                peer: nodes[responder.node].id, name: "node \(responder.node)", listenPort: 7070, counts: counts)
            run(initiator.node) { machine, random, now in
                machine.handshakeSucceeded(initiator.connection, hello: hello, now: now, random: &random)
            }
        case .dialFailed(let dialler):
            guard isCurrent(dialler) else { return }
            pipes[dialler] = nil
            run(dialler.node) { machine, random, now in
                machine.dialFailed(dialler.connection, problem: "cannot connect: timed out", now: now, random: &random)
            }
        case .peerClosed(let at, let from):
            guard isCurrent(at), canReach(at.node, from) else { return }
            pipes[at] = nil
            run(at.node) { machine, random, now in
                machine.closed(at.connection, reason: "closed by peer", now: now, random: &random)
            }
        case .closed(let at, let reason):
            guard isCurrent(at) else { return }
            pipes[at] = nil
            run(at.node) { machine, random, now in
                machine.closed(at.connection, reason: reason, now: now, random: &random)
            }
        }
    }
}
