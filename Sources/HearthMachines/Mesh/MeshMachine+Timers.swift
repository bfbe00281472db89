import HearthCrypto

extension MeshMachine {
    /// Does what is due at `now`: handshake deadlines, keepalive and pings, sync rounds, peer
    /// lists, forgetting old peer-list entries, the rotation, and dialling.
    public mutating func tick(now: Double, random: inout some RandomNumberGenerator) -> [MeshAction] {
        var actions: [MeshAction] = []
        for id in connections.keys.sorted() {
            guard let connection = connections[id] else { continue }
            guard let peer = connection.link?.hello.peer else {
                if now >= connection.openedAt + settings.handshakeTimeout {
                    actions += handshakeTimedOut(id, connection, now: now, random: &random)
                }
                continue
            }
            guard connection.closing == nil else {
                // A closing link whose peer does not read its goodbye is dropped after a while.
                if let since = connection.closingSince {
                    if now >= since + Self.closeTimeout { actions.append(.abort(id)) }
                } else {
                    connections[id]?.closingSince = now
                    wakes[id] = now + Self.closeTimeout
                }
                continue
            }
            switch connections[id]!.link!.liveness.tick(now: now) {
            case .timedOut:
                actions.append(.log(MeshLog(.warning, "link timed out", ["peer.id": peer.short])))
                actions += close(
                    id, code: MeshErrorCode.keepaliveTimeout.rawValue,
                    reason: "nothing received for \(Int(settings.deadAfter)) s")
                continue
            case .ping(let nonce):
                actions.append(.send(id, .ping(nonce: nonce, links: liveLinkCount)))
            case nil:
                break
            }
            if let requestID = connections[id]!.link!.sync.requestIfDue(now: now) {
                actions.append(.requestSync(id, requestID: requestID))
            }
            refreshWake(id)
        }
        if now >= nextPeerList {
            nextPeerList = now + settings.peerListInterval
            for (peer, id) in links.sorted(by: { $0.key < $1.key }) where !closingLinks.contains(id) {
                let list = peerList(excluding: peer)
                if !list.isEmpty { actions.append(.send(id, .peerList(list))) }
            }
        }
        if let expiry = view.nextExpiry, expiry <= now { view.expire(now: now) }
        for (key, count) in handshakeFailures.flush(now: now) {
            let line = throttledLines[key] ?? key
            actions.append(.log(MeshLog(.warning, "\(line) (\(count) more like it in the last minute)")))
        }
        if now >= nextRotation {
            nextRotation = now + settings.rotationInterval * Double.random(in: 0.5..<1.5, using: &random)
            actions += rotate(now: now, random: &random)
        }
        actions += dialIfNeeded(now: now, random: &random)
        return actions
    }

    private mutating func handshakeTimedOut(
        _ id: ConnectionID, _ connection: Connection, now: Double, random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        _ = forget(id)
        guard connection.refusedPeer == nil else {
            view.dialEnded(id, pause: settings.refusedPause, now: now, random: &random)
            return [.abort(id)]
        }
        let error = HandshakeError(address: "\(connection.address)", reason: .timedOut)
        var actions: [MeshAction] = [.abort(id)]
        if connection.direction == .inbound {
            actions += throttledLog(key: "\(connection.address.host) \(error.reason)", line: "\(error)", now: now)
        } else if connection.isStatic {
            if view.staticFailed(connection.address, problem: "\(error)", now: now, random: &random) {
                actions.append(.log(MeshLog(.warning, "\(error)", ["peer.address": "\(connection.address)"])))
            }
        } else {
            if let expected = connection.expected { view.dialFailed(expected, now: now, random: &random) }
            actions += throttledLog(key: "\(connection.address) \(error.reason)", line: "\(error)", now: now)
        }
        return actions
    }

    /// A node at its target dials one known peer it has no link to; once that link is up, another
    /// link is dropped (`trimAfterAdmitting`).
    private mutating func rotate(now: Double, random: inout some RandomNumberGenerator) -> [MeshAction] {
        guard !isStopping, liveLinkCount >= settings.targetLinks,
            !connections.values.contains(where: { $0.isRotation && $0.link == nil }),
            let peer = view.dialable(now: now, linked: linkedSet).randomElement(using: &random)
        else { return [] }
        return dial(peer, now: now, isRotation: true)
    }

    /// Dials static addresses without a link, and known peers while below the target.
    mutating func dialIfNeeded(now: Double, random: inout some RandomNumberGenerator) -> [MeshAction] {
        guard !isStopping else { return [] }
        var actions: [MeshAction] = []
        let linked = linkedSet
        for address in view.statics.isEmpty ? [] : view.dialableStatics(now: now, linked: linked) {
            let id = newConnectionID()
            connections[id] = Connection(direction: .outbound, address: address, openedAt: now, isStatic: true)
            refreshWake(id)
            view.dialling(static: address, on: id)
            actions.append(.dial(id, address))
        }
        let live = liveLinkCount
        guard live < settings.targetLinks else { return actions }
        let inFlight = connections.values.filter {
            $0.direction == .outbound && $0.link == nil && $0.refusedPeer == nil && !$0.isStatic
        }.count
        let wanted = min(settings.targetLinks - live - inFlight, settings.maxDialsInFlight - inFlight)
        guard wanted > 0 else { return actions }
        var choices = view.dialable(now: now, linked: linked)
        for _ in 0..<wanted {
            guard !choices.isEmpty else { break }
            let peer = choices.remove(at: Int.random(in: 0..<choices.count, using: &random))
            actions += dial(peer, now: now, isRotation: false)
        }
        return actions
    }

    private mutating func dial(_ peer: NodeID, now: Double, isRotation: Bool) -> [MeshAction] {
        guard let address = view.nextAddress(of: peer, linked: linkedSet) else { return [] }
        let id = newConnectionID()
        connections[id] = Connection(
            direction: .outbound, address: address, openedAt: now, expected: peer, isRotation: isRotation)
        refreshWake(id)
        view.dialling(peer, on: id)
        return [.dial(id, address)]
    }

    /// How long a closing link may take to send its last messages before it is dropped.
    static let closeTimeout = 5.0
    /// How long a stopping node waits for its goodbyes to be sent before it cuts the links.
    public static let shutdownTimeout = 5.0

    /// Records when `tick` next has something to do for connection `id`. It may be early (the
    /// tick then does nothing) but never late, so only changes that bring a deadline forward
    /// need it: a new connection or link, a sync answer, and each tick.
    mutating func refreshWake(_ id: ConnectionID) {
        guard let connection = connections[id] else {
            wakes[id] = nil
            return
        }
        if let link = connection.link {
            wakes[id] =
                connection.closing == nil
                ? min(link.liveness.nextDeadline, link.sync.nextRequestDue)
                : connection.closingSince.map { $0 + Self.closeTimeout }
        } else {
            wakes[id] = connection.openedAt + settings.handshakeTimeout
        }
    }

    /// The next time `tick` has something to do after `now`, or nil.
    public func nextWakeup(after now: Double) -> Double? {
        var earliest = Double.infinity
        for wake in wakes.values where wake > now && wake < earliest { earliest = wake }
        var times: [Double] = [earliest, nextPeerList, nextRotation]
        if liveLinkCount < settings.targetLinks || !view.statics.isEmpty,
            let dial = view.nextDialTime(linked: linkedSet)
        {
            times.append(dial)
        }
        if let expiry = view.nextExpiry { times.append(expiry) }
        if let flush = handshakeFailures.nextFlush { times.append(flush) }
        let next = times.filter { $0 > now }.min()
        return next == .infinity ? nil : next
    }
}
