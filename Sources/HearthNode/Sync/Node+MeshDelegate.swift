import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthStore
import HearthWire

extension Node: MeshDelegate {
    public func versionVector() async -> VersionVector<NodeID> { heads }

    public nonisolated func storedChanges(author: NodeID, in range: ClosedRange<UInt64>, limit: Int) async
        -> [KeyedChange]
    {
        do {
            return try store.read { context in
                try context.changes(author: author.bytes, in: range, limit: limit).map { change in
                    KeyedChange(
                        key: ChangeKey(author: author, seq: change.seq),
                        signed: .with {
                            $0.body = Data(change.body)
                            $0.signature = Data(change.signature)
                        })
                }
            }
        } catch {
            logger.error("cannot read changes to send", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Decodes, deduplicates and verifies (on all cores) a batch, then stores what is new.
    public nonisolated func receive(_ changes: [WireSignedChange], from peer: NodeID) async -> [ChangeKey] {
        var decoded: [DecodedChange] = []
        for signed in changes {
            do {
                decoded.append(try DecodedChange(signed))
            } catch {
                logger.warning("rejected a change", metadata: ["peer.id": "\(peer.short)", "reason": "\(error)"])
            }
        }
        let (held, fresh, suspect) = await classify(decoded)
        let (valid, invalid) = await DecodedChange.verifyInParallel(fresh + suspect)
        for change in invalid {
            logger.warning(
                "rejected a change with a bad signature",
                metadata: ["peer.id": "\(peer.short)", "change": "\(change.key)"])
        }
        let suspectKeys = Set(suspect.map(\.key))
        var accepted: [DecodedChange] = []
        for change in valid {
            if suspectKeys.contains(change.key) {
                logger.warning(
                    "rejected a conflicting change: its author signed two different changes with one sequence number",
                    metadata: ["peer.id": "\(peer.short)", "change": "\(change.key)"])
            } else {
                accepted.append(change)
            }
        }
        await ingest(accepted, from: peer)
        return held + accepted.map(\.key)
    }

    public func linkOpened(_ info: LinkInfo) async {
        try? store.write { context in
            try context.upsertPeer(
                PeerRecord(
                    nodeID: info.peer.bytes, displayName: info.name, address: info.address,
                    lastSeen: Date().timeIntervalSince1970))
        }
        emit(.peer(PeerSummary(info), connected: true))
    }

    public func linkClosed(_ info: LinkInfo, reason: String) async {
        emit(.peer(PeerSummary(info), connected: false))
    }

    /// Splits a batch into changes already held (same signature), new ones, and ones that reuse a
    /// held (author, seq) with a different signature.
    private func classify(_ changes: [DecodedChange]) -> (
        held: [ChangeKey], fresh: [DecodedChange], suspect: [DecodedChange]
    ) {
        var held: [ChangeKey] = []
        var fresh: [DecodedChange] = []
        var suspect: [DecodedChange] = []
        for change in changes {
            let known: [UInt8]?
            if heads.contains(change.key.author, change.key.seq) {
                known = try? store.read { try $0.signature(author: change.key.author.bytes, seq: change.key.seq) }
            } else {
                known = pending[change.key.author]?[change.key.seq]?.signature
            }
            switch known {
            case nil: fresh.append(change)
            case change.signature: held.append(change.key)
            default: suspect.append(change)
            }
        }
        return (held, fresh, suspect)
    }

    /// Buffers verified changes and applies every one that is causally ready, in one transaction.
    func ingest(_ changes: [DecodedChange], from source: NodeID?) async {
        for change in changes where !heads.contains(change.key.author, change.key.seq) {
            guard pendingCount < Self.pendingLimit else {
                logger.warning("too many changes waiting for their predecessors; dropping until caught up")
                break
            }
            if pending[change.key.author, default: [:]].updateValue(change, forKey: change.key.seq) == nil {
                pendingCount += 1
            }
        }
        var newHeads = heads
        var applied: [DecodedChange] = []
        var effects: [AppliedEffect] = []
        do {
            try store.write { context in
                let applier = ChatApplier(context: context)
                var progress = true
                while progress {
                    progress = false
                    for author in Array(pending.keys) {
                        while let next = pending[author]?[newHeads[author] + 1],
                            next.deps.allSatisfy({ newHeads.contains($0.author, $0.seq) })
                        {
                            try context.insertChange(
                                StoredChange(
                                    author: author.bytes, seq: next.key.seq, hlc: next.body.hlc, body: next.bodyBytes,
                                    signature: next.signature))
                            for (index, op) in next.body.ops.enumerated() {
                                do {
                                    if let effect = try applier.apply(
                                        op, author: author.bytes, seq: next.key.seq, index: UInt32(index),
                                        hlc: next.body.hlc)
                                    {
                                        effects.append(effect)
                                    }
                                } catch let rejection as ChatApplier.Rejection {
                                    logger.warning(
                                        "rejected an op", metadata: ["change": "\(next.key)", "reason": "\(rejection)"])
                                }
                            }
                            try context.setHead(author: author.bytes, seq: next.key.seq)
                            newHeads.advance(author, to: next.key.seq)
                            applied.append(next)
                            progress = true
                        }
                    }
                }
            }
        } catch {
            logger.error(
                "could not store received changes; they will be fetched again", metadata: ["error": "\(error)"])
            return
        }
        for change in applied {
            pending[change.key.author]?[change.key.seq] = nil
            if pending[change.key.author]?.isEmpty == true { pending[change.key.author] = nil }
            pendingCount -= 1
            clock.observe(HLCTimestamp(rawValue: change.body.hlc), physicalMilliseconds: Self.nowMilliseconds())
        }
        heads = newHeads
        publish(effects)
        if !applied.isEmpty { await mesh.broadcast(applied.map(\.keyed), except: source) }
    }
}
