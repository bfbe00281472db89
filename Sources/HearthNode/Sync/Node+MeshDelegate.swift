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
                        signed: .signed(body: change.body, signature: change.signature, payloads: change.payloads))
                }
            }
        } catch {
            logger.error("cannot read changes to send", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Decodes, deduplicates and verifies (on all cores) a batch, then stores what is new.
    public nonisolated func receive(_ changes: [WireSignedChange], from peer: NodeID) async -> ReceivedChanges {
        var decoded: [DecodedChange] = []
        for signed in changes {
            do {
                let change = try DecodedChange(signed)
                if change.mismatchedPayloads > 0 {
                    logger.warning(
                        "dropped payloads that do not match their ops' hashes",
                        metadata: [
                            "peer.id": "\(peer.short)", "change": "\(change.key)",
                            "count": "\(change.mismatchedPayloads)",
                        ])
                }
                decoded.append(change)
            } catch {
                logger.warning("rejected a change", metadata: ["peer.id": "\(peer.short)", "reason": "\(error)"])
            }
        }
        let (held, fresh, suspect) = await classify(decoded)
        let (authentic, forged) = await ChangeAuthentication.authenticate(fresh)
        let (validSuspects, forgedSuspects) = await DecodedChange.verifyInParallel(suspect)
        let valid = authentic + validSuspects
        let invalid = forged + forgedSuspects
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
        return ReceivedChanges(fresh: accepted.map(\.key), duplicates: held)
    }

    public func linkOpened(_ info: LinkInfo) async {
        publish([AppEvent(type: "peer.connected", key: "peer", value: PeerSummary(info))])
    }

    public func linkClosed(_ info: LinkInfo, reason: String) async {
        publish([AppEvent(type: "peer.disconnected", key: "peer", value: PeerSummary(info))])
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
        var newHashes: [NodeID: [UInt8]] = [:]
        var applied: [DecodedChange] = []
        var forks: [NodeID: DecodedChange] = [:]
        var events: [AppEvent] = []
        let knownHashes = headHashes
        let wantsEvents = !subscribers.isEmpty
        do {
            try store.write { context in
                let transaction = AppTransaction(store: context, wantsEvents: wantsEvents)
                var progress = true
                while progress {
                    progress = false
                    for author in Array(pending.keys) where forks[author] == nil {
                        while let next = pending[author]?[newHeads[author] + 1],
                            next.deps.allSatisfy({ newHeads.contains($0.author, $0.seq) })
                        {
                            let expected =
                                try newHashes[author] ?? knownHashes[author]
                                ?? Self.storedHash(of: author, seq: next.key.seq - 1, in: context)
                            guard next.prev == expected else {
                                // Authentic, yet not a continuation of the log we hold: the author forked it.
                                forks[author] = next
                                break
                            }
                            newHashes[author] = next.hash
                            try context.insertChange(
                                StoredChange(
                                    author: author.bytes, seq: next.key.seq, hlc: next.body.hlc, body: next.bodyBytes,
                                    signature: next.signature, payloads: next.payloads))
                            try pipeline.apply(next.content, in: transaction, strict: false)
                            newHeads.advance(author, to: next.key.seq)
                            applied.append(next)
                            progress = true
                        }
                    }
                }
                for (author, seq) in newHeads.entries where seq != heads[author] {
                    try context.setHead(author: author.bytes, seq: seq)
                }
                events = transaction.events
            }
        } catch {
            logger.error(
                "could not store received changes; they will be fetched again", metadata: ["error": "\(error)"])
            return
        }
        for change in forks.values {
            logger.warning(
                "rejected a conflicting change: it does not continue its author's log as this node holds it",
                metadata: ["change": "\(change.key)"])
        }
        for change in applied + forks.values {
            pending[change.key.author]?[change.key.seq] = nil
            if pending[change.key.author]?.isEmpty == true { pending[change.key.author] = nil }
            pendingCount -= 1
        }
        for change in applied {
            clock.observe(HLCTimestamp(rawValue: change.body.hlc), physicalMilliseconds: Self.nowMilliseconds())
        }
        heads = newHeads
        headHashes.merge(newHashes) { $1 }
        publish(events)
        if !applied.isEmpty { await mesh.broadcast(applied.map(\.keyed), except: source) }
    }

    /// The hash of `author`'s stored change `seq` (empty for seq 0: the first change has no prev).
    nonisolated static func storedHash(of author: NodeID, seq: UInt64, in context: StoreContext) throws -> [UInt8] {
        guard seq > 0 else { return [] }
        guard let change = try context.changes(author: author.bytes, in: seq...seq, limit: 1).first else { return [] }
        return contentHash(change.body, change.signature)
    }
}
