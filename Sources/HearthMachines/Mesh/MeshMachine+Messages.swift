import HearthCRDT
import HearthCrypto

extension MeshMachine {
    /// A message arrived on `id` (any message counts for the keepalive; change batches are
    /// reported with `changesArrived` and `changesStored`).
    public mutating func received(_ message: MeshMessage, on id: ConnectionID, now: Double) -> [MeshAction] {
        guard let connection = connections[id] else { return [] }
        guard let peer = connection.link?.hello.peer else {
            // A refused connection still takes the responder's peer list and its reasons.
            switch message {
            case .peerList(let peers):
                if let peer = connection.refusedPeer { view.heard(peers, from: peer, now: now) }
            case .error(let code, let text):
                connections[id]?.peerCode = code
                connections[id]?.peerReason = "peer reported \(text)"
            case .goodbye(let reason):
                connections[id]?.peerReason = connection.peerReason ?? "peer said goodbye (\(reason))"
            default: break
            }
            return []
        }
        // The link is changed in place: a copy would copy what the peer holds, once per message.
        connections[id]!.link!.liveness.received(now: now)
        switch message {
        case .ping(let nonce, let links):
            connections[id]!.link!.peerLinks = links
            return [.send(id, .pong(nonce: nonce))]
        case .pong(let nonce):
            connections[id]!.link!.liveness.pong(nonce: nonce, now: now)
        case .syncRequest(let have, let requestID):
            connections[id]!.link!.sync.peerAnnounced(have)
            return [.answerSync(id, have: have, requestID: requestID)]
        case .syncDone(let requestID):
            connections[id]!.link!.sync.requestAnswered(requestID)
            refreshWake(id)
        case .pushControl(let control):
            connections[id]!.link!.sync.pushTree.apply(control)
        case .peerList(let peers):
            view.heard(peers, from: peer, now: now)
        case .error(let code, let text):
            connections[id]?.peerCode = code
            connections[id]?.peerReason = "peer reported an error (\(code)): \(text)"
            return [
                .log(
                    MeshLog(
                        .warning, "peer reported an error", ["peer.id": peer.short, "code": "\(code)", "message": text])
                )
            ]
        case .goodbye(let reason):
            connections[id]?.peerReason = connection.peerReason ?? "peer said goodbye (\(reason))"
        }
        return []
    }

    /// A change batch arrived on `id` (before it is stored): it counts for the keepalive.
    public mutating func changesArrived(on id: ConnectionID, now: Double) {
        connections[id]?.link?.liveness.received(now: now)
    }

    /// The node stored a batch from `id`: `fresh` were new, `duplicates` already held. Returns the
    /// push-tree control to send back, if any.
    public mutating func changesStored(
        on id: ConnectionID, pushed: Bool, fresh: [ChangeKey], duplicates: [ChangeKey]
    ) -> [MeshAction] {
        guard let peer = connections[id]?.link?.hello.peer else { return [] }
        for key in fresh { connections[id]!.link!.sync.peerHolds(key) }
        for key in duplicates { connections[id]!.link!.sync.peerHolds(key) }
        if pushed {
            for key in fresh { treeParents[key.author] = peer }
        }
        let control = connections[id]!.link!.sync.pushTree.received(
            pushed: pushed, fresh: fresh, duplicates: duplicates, from: peer)
        return control.map { [.send(id, .pushControl($0))] } ?? []
    }

    /// The driver sent these changes on `id` (answering a sync request): the peer holds them.
    public mutating func changesSent(_ keys: [ChangeKey], on id: ConnectionID) {
        guard connections[id]?.link != nil else { return }
        for key in keys { connections[id]!.link!.sync.peerHolds(key) }
    }

    /// New changes to push: to every link but `source`'s, what each peer is not known to hold and
    /// has not made lazy.
    public mutating func broadcast(_ keys: [ChangeKey], except source: NodeID?) -> [MeshAction] {
        var actions: [MeshAction] = []
        for (peer, id) in links.sorted(by: { $0.key < $1.key }) where peer != source {
            guard !closingLinks.contains(id), connections[id]?.link != nil else { continue }
            let selected = connections[id]!.link!.sync.selectForPush(keys)
            if !selected.isEmpty { actions.append(.pushChanges(id, selected)) }
        }
        return actions
    }

    /// The peer list this node sends: the linked peers that accept links, at the address each
    /// link came from with the peer's listening port.
    func peerList(excluding excluded: NodeID?) -> [KnownPeer] {
        var list: [KnownPeer] = []
        for (peer, id) in links.sorted(by: { $0.key < $1.key }) where peer != excluded {
            guard let connection = connections[id], let link = connection.link, link.hello.listenPort > 0 else {
                continue
            }
            list.append(
                KnownPeer(
                    id: peer, addresses: [PeerAddress(host: connection.address.host, port: link.hello.listenPort)]))
            if list.count == PeerView.maxListedPeers { break }
        }
        return list
    }
}
