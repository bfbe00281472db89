import HearthCrypto

extension MeshMachine {
    // MARK: Peers to dial

    /// Keeps a link to `address`, dialling again with backoff whenever there is none.
    public mutating func addStaticPeer(_ address: PeerAddress, now: Double, random: inout some RandomNumberGenerator)
        -> [MeshAction]
    {
        view.addStatic(address, now: now)
        return dialIfNeeded(now: now, random: &random)
    }

    /// Replaces the peers found on the LAN.
    public mutating func setDiscovered(
        _ found: [NodeID: [PeerAddress]], now: Double, random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        view.setFound(found, now: now)
        return dialIfNeeded(now: now, random: &random)
    }

    // MARK: Connections

    /// An inbound connection was accepted from `address`; its handshake begins.
    public mutating func accepted(_ id: ConnectionID, from address: PeerAddress, now: Double) {
        guard !isStopping else { return }
        connections[id] = Connection(direction: .inbound, address: address, openedAt: now)
        refreshWake(id)
    }

    /// The TCP connection of a dial is up; its handshake begins.
    public mutating func connected(_ id: ConnectionID, now: Double) {
        connections[id]?.openedAt = now
        refreshWake(id)
    }

    /// The counts for this node's Hello on `id`, recorded so the admission rule uses what was said.
    public mutating func helloCounts(for id: ConnectionID) -> LinkCounts {
        let links = liveLinkCount
        let counts = LinkCounts(
            links: links, maxLinks: settings.maxLinks, makesRoom: links >= settings.maxLinks && !spareLinks.isEmpty)
        connections[id]?.sentCounts = counts
        return counts
    }

    /// Drops everything the machine keeps about connection `id`; returns what it was.
    mutating func forget(_ id: ConnectionID) -> Connection? {
        wakes[id] = nil
        closingLinks.remove(id)
        return connections.removeValue(forKey: id)
    }

    /// A dial could not connect.
    public mutating func dialFailed(
        _ id: ConnectionID, problem: String, now: Double, random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        guard let connection = forget(id) else { return [] }
        var actions = noteDialFailure(connection, problem: problem, level: .info, now: now, random: &random)
        actions += dialIfNeeded(now: now, random: &random)
        return actions
    }

    /// The handshake on `id` failed; the driver closes the connection.
    public mutating func handshakeFailed(
        _ id: ConnectionID, error: HandshakeError, now: Double, random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        guard let connection = forget(id) else { return [] }
        var actions: [MeshAction] = []
        if connection.direction == .inbound {
            actions += throttledLog(key: "\(connection.address.host) \(error.reason)", line: "\(error)", now: now)
        } else {
            actions += noteDialFailure(
                connection, problem: "\(error)", level: .warning, now: now, random: &random)
        }
        actions += dialIfNeeded(now: now, random: &random)
        return actions
    }

    private mutating func noteDialFailure(
        _ connection: Connection, problem: String, level: MeshLog.Level, now: Double,
        random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        if connection.isStatic {
            guard view.staticFailed(connection.address, problem: problem, now: now, random: &random) else { return [] }
            return [.log(MeshLog(level, problem, ["peer.address": "\(connection.address)"]))]
        }
        if let expected = connection.expected { view.dialFailed(expected, now: now, random: &random) }
        return throttledLog(key: "\(connection.address) \(problem)", line: problem, level: level, now: now)
    }

    /// Logs `line` at most once a minute per key, saying how many were skipped.
    mutating func throttledLog(key: String, line: String, level: MeshLog.Level = .warning, now: Double)
        -> [MeshAction]
    {
        let decision = handshakeFailures.record(key, now: now)
        guard decision.shouldLog else { return [] }
        if throttledLines.count >= 1024 { throttledLines.removeAll() }
        throttledLines[key] = line
        let suppressed = decision.suppressed > 0 ? " (\(decision.suppressed) more like it in the last minute)" : ""
        return [.log(MeshLog(level, line + suppressed))]
    }

    /// The handshake on `id` succeeded: the link is admitted (resolving duplicates and the limit)
    /// or closed.
    public mutating func handshakeSucceeded(
        _ id: ConnectionID, hello: PeerHello, now: Double, random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        guard var connection = connections[id], connection.link == nil, connection.refusedPeer == nil else {
            return []
        }
        let peer = hello.peer
        var actions: [MeshAction] = []
        if connection.direction == .outbound {
            view.learnOwner(connection.address, is: peer)
            if connection.isStatic { view.staticReached(connection.address, is: peer) }
            if let expected = connection.expected, expected != peer {
                view.reachedOther(expected, at: connection.address, now: now)
                actions.append(
                    .log(
                        MeshLog(
                            .notice,
                            "\(connection.address) now leads to node \(peer.short), not \(expected.short): no longer dialling that address for \(expected.short)"
                        )))
                connection.expected = peer
                if links[peer] != nil {
                    actions += close(
                        id, code: MeshErrorCode.wrongPeer.rawValue,
                        reason: "this address was dialled for another node")
                    return actions
                }
            }
        } else if hello.listenPort > 0 {
            view.learnOwner(PeerAddress(host: connection.address.host, port: hello.listenPort), is: peer)
        }
        if isStopping { return actions + close(id, code: nil, reason: "node shutting down") }
        let mine = connection.sentCounts ?? LinkCounts(links: liveLinkCount, maxLinks: settings.maxLinks)
        let (responder, initiator) = connection.direction == .inbound ? (mine, hello.counts) : (hello.counts, mine)
        if responder.refuses(initiator) {
            connection.refusedPeer = peer
            connections[id] = connection
            if connection.direction == .inbound {
                actions.append(.send(id, .peerList(peerList(excluding: peer))))
                actions += close(
                    id, code: MeshErrorCode.tooManyLinks.rawValue,
                    reason: "this node already has its most links (\(settings.maxLinks)); try the peers it listed")
            } else {
                view.dialEnded(id, pause: settings.refusedPause, now: now, random: &random)
            }
            return actions
        }
        if let existingID = links[peer], let existing = connections[existingID], !closingLinks.contains(existingID) {
            // Between two nodes the link dialled by the smaller id wins; a newer link from the same
            // dialler replaces the older one.
            let newDialler = connection.direction == .outbound ? own : peer
            let oldDialler = existing.direction == .outbound ? own : peer
            guard newDialler == oldDialler || newDialler == min(own, peer) else {
                view.dialEnded(id, pause: nil, now: now, random: &random)
                return actions
                    + close(
                        id, code: MeshErrorCode.duplicateLink.rawValue, reason: "a link to this node already exists")
            }
            links[peer] = nil
            if let replaced = summary(existingID) {
                actions.append(.linkDown(replaced, reason: "replaced by a newer link"))
            }
            actions += close(
                existingID, code: MeshErrorCode.duplicateLink.rawValue, reason: "a link to this node already exists")
        } else if let existingID = links[peer] {
            // The old link is already closing: the new one takes its place.
            links[peer] = nil
            if let replaced = summary(existingID) {
                actions.append(.linkDown(replaced, reason: "replaced by a newer link"))
            }
        }
        var link = Link(
            hello: hello,
            liveness: LinkLiveness(
                openedAt: now, interval: settings.keepaliveInterval, deadAfter: settings.deadAfter,
                firstNonce: random.next()))
        let ping = link.liveness.tick(now: now)
        let syncID = link.sync.requestIfDue(now: now, force: true)
        connection.link = link
        connections[id] = connection
        links[peer] = id
        refreshWake(id)
        view.linked(peer, dialled: connection.isStatic ? connection.address : nil)
        if let summary = summary(id) {
            actions.append(.linkUp(summary))
            actions.append(
                .log(
                    MeshLog(
                        .info, "link up",
                        ["peer.id": peer.short, "peer.name": hello.name, "peer.address": "\(connection.address)"])))
        }
        // Trimmed first, so the first ping counts the links this node keeps.
        let trim = trimAfterAdmitting(id, neededRoom: hello.counts.isBelowTarget, random: &random)
        if let syncID { actions.append(.requestSync(id, requestID: syncID)) }
        if case .ping(let nonce) = ping { actions.append(.send(id, .ping(nonce: nonce, links: liveLinkCount))) }
        let list = peerList(excluding: peer)
        if !list.isEmpty { actions.append(.send(id, .peerList(list))) }
        return actions + trim
    }

    /// Linked peers (not static, not closing) with more links than their target: a link to one
    /// of them can be closed to make room for a node below its target.
    var spareLinks: [NodeID] {
        links.filter { peer, id in
            !closingLinks.contains(id) && !view.isStatic(peer) && connections[id]?.link?.peerHasLinksToSpare == true
        }.keys.sorted()
    }

    /// Over the limit after admitting `id`: a link admitted for a node below its target, or the
    /// rotation's new link, pushes out another link (never one to a static address), chosen at
    /// random among peers with links to spare if there are any, else among all.
    private mutating func trimAfterAdmitting(
        _ id: ConnectionID, neededRoom: Bool, random: inout some RandomNumberGenerator
    )
        -> [MeshAction]
    {
        let isRotation = connections[id]?.isRotation ?? false
        let limit = isRotation ? settings.targetLinks : settings.maxLinks
        // (Inbound handshakes that finish together can each have been promised room.)
        guard liveLinkCount > limit else { return [] }
        let others = links.filter { peer, connection in
            connection != id && !closingLinks.contains(connection) && !view.isStatic(peer)
        }.keys.sorted()
        let spare = spareLinks.filter { links[$0] != id }
        let candidates = spare.isEmpty ? others : spare
        guard let victim = candidates.randomElement(using: &random), let victimID = links[victim] else { return [] }
        let reason =
            isRotation
            ? "rotating links"
            : neededRoom ? "making room for a node with few links" : "this node has its most links"
        return close(victimID, code: nil, reason: reason)
    }

    /// Asks the driver to close `id` with a Goodbye (and an ErrorReport when `code` is given).
    mutating func close(_ id: ConnectionID, code: UInt32?, reason: String) -> [MeshAction] {
        guard connections[id] != nil, !closingLinks.contains(id) else { return [] }
        connections[id]?.closing = reason
        closingLinks.insert(id)
        refreshWake(id)
        return [.close(id, code: code, reason: reason)]
    }

    /// The connection `id` ended (for any reason, after any close action).
    public mutating func closed(
        _ id: ConnectionID, reason: String, now: Double, random: inout some RandomNumberGenerator
    ) -> [MeshAction] {
        guard let connection = forget(id) else { return [] }
        var actions: [MeshAction] = []
        if let link = connection.link, links[link.hello.peer] == id {
            let peer = link.hello.peer
            links[peer] = nil
            // The push trees of the authors whose changes came through that peer lost their branch:
            // every other peer that was asked not to push them is asked to push them again.
            let orphaned = Set(treeParents.filter { $0.value == peer }.keys)
            for author in orphaned { treeParents[author] = nil }
            if !orphaned.isEmpty {
                for other in links.values.sorted() {
                    if let control = connections[other]?.link?.sync.pushTree.makeEager(orphaned) {
                        actions.append(.send(other, .pushControl(control)))
                    }
                }
            }
            let why = connection.closing ?? connection.peerReason ?? reason
            let summary = LinkSummary(
                connection: id, peer: peer, name: link.hello.name, address: connection.address,
                direction: connection.direction, roundTrip: link.liveness.roundTrip)
            actions.append(.linkDown(summary, reason: why))
            actions.append(.log(MeshLog(.info, "link down", ["peer.id": peer.short, "reason": why])))
            // A peer that said goodbye is left alone for a while; a broken link is dialled again soon.
            // So is a static peer (one the user asked for) that said goodbye without refusing
            // anything: it may be restarting, and it may know no one to dial itself.
            let pause = connection.peerReason != nil && connection.closing == nil ? settings.refusedPause : nil
            let staticPause = connection.peerCode != nil && connection.closing == nil ? settings.refusedPause : nil
            view.unlinked(peer, pause: pause, staticPause: staticPause, now: now, random: &random)
        } else if connection.link == nil && connection.direction == .outbound {
            let pause = connection.refusedPeer != nil || connection.peerCode != nil ? settings.refusedPause : nil
            view.dialEnded(id, pause: pause, now: now, random: &random)
        }
        actions += dialIfNeeded(now: now, random: &random)
        return actions
    }

    /// Says goodbye on every link and stops dialling; the driver reports each `closed`.
    public mutating func shutdown() -> [MeshAction] {
        isStopping = true
        var actions: [MeshAction] = []
        for id in connections.keys.sorted() {
            if connections[id]?.link != nil {
                actions += close(id, code: nil, reason: "node shutting down")
            } else {
                actions.append(.abort(id))
            }
        }
        return actions
    }
}
