import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthStore
import HearthWire

extension Node: MeshDelegate {
    public func versionVector() async -> VersionVector<NodeID> { heads }

    public func peerAnnounced(_ vector: VersionVector<NodeID>, from peer: NodeID) async {
        let wasSigning = ownLog.canSign
        if ownLog.peerAnnounced(seq: vector[identity.id], held: heads[identity.id]) {
            signingOpened()
        } else if wasSigning, case .catchingUp(let target) = ownLog.state {
            logger.warning(
                "a peer holds this node's own changes up to #\(target), its database only up to #\(heads[identity.id]) (restored from a backup?): not signing until they arrive",
                metadata: ["peer.id": "\(peer.short)"])
        }
    }

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

    /// Decodes, deduplicates and verifies a batch (a few signatures on the actor, many on all
    /// cores), then stores what is new.
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
        return await admit(decoded, from: peer)
    }

    /// Verifies and stores decoded changes, on the actor from start to end: a few signatures are
    /// checked right here (a hop off the actor and back would cost more), many on all cores while
    /// the actor is free.
    private func admit(_ decoded: [DecodedChange], from peer: NodeID) async -> ReceivedChanges {
        let (held, fresh, suspect) = classify(decoded)
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
        let admitted = await ingest(accepted, from: peer)
        return ReceivedChanges(fresh: admitted, duplicates: held)
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
        // The signatures of changes already stored, all read in one snapshot (relays bring many
        // duplicates, and each read transaction has a fixed cost); one that cannot be read is nil.
        let stored = changes.indices.filter { heads.contains(changes[$0].key.author, changes[$0].key.seq) }
        var storedSignatures: [Int: [UInt8]] = [:]
        if !stored.isEmpty {
            storedSignatures =
                (try? store.read { context in
                    var signatures: [Int: [UInt8]] = [:]
                    for index in stored {
                        let key = changes[index].key
                        signatures[index] = try? context.signature(author: key.author.bytes, seq: key.seq)
                    }
                    return signatures
                }) ?? [:]
        }
        for (index, change) in changes.enumerated() {
            let known: [UInt8]?
            if heads.contains(change.key.author, change.key.seq) {
                known = storedSignatures[index]
            } else {
                known = pending.change(change.key)?.signature
            }
            switch known {
            case nil: fresh.append(change)
            case change.signature: held.append(change.key)
            default: suspect.append(change)
            }
        }
        return (held, fresh, suspect)
    }

    /// Buffers verified changes and applies every one that is causally ready, in transactions of
    /// at most `applyBatchLimit` changes. When the store fails (a full disk), received changes
    /// stay buffered and storing pauses, longer after each failure (`StoreRetry`); any later
    /// arrival (peers sync every few seconds) tries again once the pause is over.
    /// - Returns: the keys of the changes now held or waiting (not those the buffer refused).
    @discardableResult
    func ingest(_ changes: [DecodedChange], from source: NodeID?) async -> [ChangeKey] {
        let now = configuration.clock()
        var admitted: [ChangeKey] = []
        for var change in changes where !heads.contains(change.key.author, change.key.seq) {
            change.source = source
            switch pending.add(change, now: now) {
            case .added:
                pendingGeneration &+= 1
                admitted.append(change.key)
            case .alreadyWaiting:
                admitted.append(change.key)
            case .equivocation:
                // Another version of this (author, seq) arrived while this batch was checked.
                logger.warning(
                    "rejected a conflicting change: its author signed two different changes with one sequence number",
                    metadata: ["peer.id": "\(source?.short ?? "-")", "change": "\(change.key)"])
            case .overAuthorLimit, .overTotalLimit:
                let decision = bufferRefusals.record("\(change.key.author)", now: now)
                if decision.shouldLog {
                    logger.warning(
                        "too many changes waiting for their predecessors: not holding more of this author's until they can apply (sync brings them again)",
                        metadata: [
                            "author": "\(change.key.author.short)", "change": "\(change.key)",
                            "waiting.author.bytes": "\(pending.bytes(of: change.key.author))",
                            "waiting.bytes": "\(pending.bytes)", "waiting": "\(pending.count)",
                            "skipped": "\(decision.suppressed)",
                        ])
                }
            }
        }
        expireWaitingChanges(now: now)
        // One pass at a time; a pass that is running picks up what arrived meanwhile.
        guard !isIngesting, pendingCount > 0, storeRetry.mayTry(now: configuration.clock()) else { return admitted }
        isIngesting = true
        defer { isIngesting = false }
        while true {
            let generation = pendingGeneration
            let batch: ReadyBatch
            do {
                batch = try await applyReadyBatch(limit: Self.applyBatchLimit)
            } catch {
                let (count, pause) = storeRetry.failed(now: configuration.clock())
                if let count {
                    logger.error(
                        "could not store received changes (is the disk full?); they stay buffered and are stored once it works again",
                        metadata: [
                            "error": "\(error)", "failures": "\(count)", "retry.seconds": "\(Int(pause))",
                            "waiting": "\(pendingCount)",
                        ])
                }
                return admitted
            }
            if storeRetry.succeeded() { logger.notice("storing received changes again") }
            for change in batch.forks {
                logger.warning(
                    "rejected a conflicting change: it does not continue its author's log as this node holds it",
                    metadata: ["change": "\(change.key)"])
            }
            for change in batch.refused {
                logger.warning(
                    "rejected a change whose clock reading is not later than its author's previous change",
                    metadata: ["change": "\(change.key)"])
            }
            for change in batch.early
            where earlyChanges.record("\(change.key.author)", now: configuration.clock()).shouldLog {
                logger.warning(
                    "a change is dated more than \(ChangeClock.maxDriftMilliseconds / 60_000) minutes ahead of this node's clock; it and its author's later changes wait until then",
                    metadata: [
                        "change": "\(change.key)",
                        "minutes.ahead":
                            "\((ChangeClock.physical(change.body.hlc) &- configuration.wallClock()) / 60_000)",
                    ])
            }
            for change in batch.applied + batch.forks + batch.refused { pending.remove(change.key) }
            for change in batch.applied {
                clock.observe(HLCTimestamp(rawValue: change.body.hlc), physicalMilliseconds: configuration.wallClock())
            }
            heads.merge(batch.heads)
            resumeHoldWaiters()
            chainHeads.merge(batch.chainHeads) { $1 }
            if ownLog.applied(upTo: heads[identity.id]) { signingOpened() }
            publish(batch.events)
            // Each change goes on to every peer but the one it came from.
            // (A catch-up from one peer has no one to relay to: its changes are not put in wire form.)
            for (from, changes) in Dictionary(grouping: batch.applied, by: \.source) {
                guard await mesh.hasLinks(except: from) else { continue }
                await mesh.broadcast(changes.map(\.keyed), except: from)
            }
            let more = batch.isFull && !batch.applied.isEmpty
            guard more || (pendingGeneration != generation && pendingCount > 0) else { return admitted }
        }
    }

    /// Every 10 s at most: drops changes that waited longer than the buffer's limit (logged), and
    /// any the log already holds.
    private func expireWaitingChanges(now: Double) {
        guard now - lastPendingExpiry >= 10, pending.count > 0 else { return }
        lastPendingExpiry = now
        let dropped = pending.expire(now: now, heads: heads).filter { !heads.contains($0.key.author, $0.key.seq) }
        guard !dropped.isEmpty else { return }
        logger.warning(
            "dropped changes that waited \(Int(pending.limits.maxWait / 60)) minutes for their predecessors; sync brings them again once those arrive",
            metadata: [
                "count": "\(dropped.count)", "authors": "\(Set(dropped.map(\.key.author)).count)",
            ])
    }

    /// What one transaction of `applyReadyBatch` did.
    struct ReadyBatch: Sendable {
        var heads: VersionVector<NodeID>
        var chainHeads: [NodeID: ChainHead] = [:]
        var applied: [DecodedChange] = []
        var forks: [DecodedChange] = []
        /// Whose clock reading is not later than their author's previous change: rejected.
        var refused: [DecodedChange] = []
        /// Dated too far ahead of this node's clock: they wait.
        var early: [DecodedChange] = []
        var events: [AppEvent] = []
        /// The limit was reached: more may be ready.
        var isFull = false
    }

    /// Stores and applies causally ready changes, at most `limit`, in one transaction: on the
    /// store's writer thread, or on this one for a few cheap changes when the writer is idle
    /// (`isCheapToApply`). The changes are chosen here, in memory (each after what it needs);
    /// the transaction then checks each against the log and skips what cannot go in yet.
    /// - Throws: the store's error; nothing of the batch is kept then.
    private func applyReadyBatch(limit: Int) async throws -> ReadyBatch {
        let (chosen, isFull) = pending.ready(after: heads, limit: limit)
        guard !chosen.isEmpty else { return ReadyBatch(heads: heads) }
        let (heads, knownHeads, pipeline, chosenChanges, reachedLimit) = (heads, chainHeads, pipeline, chosen, isFull)
        let latestAllowed = ChangeClock.latestAllowed(now: configuration.wallClock())
        let wantsEvents = eventHub.wantsEvents(now: configuration.clock())
        let identity = identity
        let status = ownStatus.withLock { $0 }
        let storeBatch: @Sendable (StoreContext) throws -> ReadyBatch = { context in
            var batch = ReadyBatch(heads: heads)
            batch.isFull = reachedLimit
            var stopped: Set<NodeID> = []
            let transaction = AppTransaction(
                store: context, wantsEvents: wantsEvents, local: identity, localStatus: status,
                changeCount: chosenChanges.count)
            for next in chosenChanges {
                let author = next.key.author
                // A predecessor or a dep that was refused or must wait holds this one back too.
                guard !stopped.contains(author), batch.heads[author] + 1 == next.key.seq,
                    next.deps.allSatisfy({ batch.heads.contains($0.author, $0.seq) })
                else { continue }
                let previous =
                    try batch.chainHeads[author] ?? knownHeads[author]
                    ?? Self.storedHead(of: author, seq: next.key.seq - 1, in: context)
                switch previous.verdict(prev: next.prev, hlc: next.body.hlc, latestAllowed: latestAllowed) {
                case .continues: break
                case .fork:
                    stopped.insert(author)
                    batch.forks.append(next)
                    continue
                case .clockWentBack:
                    stopped.insert(author)
                    batch.refused.append(next)
                    continue
                case .tooEarly:
                    stopped.insert(author)
                    batch.early.append(next)
                    continue
                }
                batch.chainHeads[author] = ChainHead(hash: next.hash, hlc: next.body.hlc)
                try context.insertChange(
                    StoredChange(
                        author: author.bytes, seq: next.key.seq, hlc: next.body.hlc, body: next.bodyBytes,
                        signature: next.signature, payloads: next.payloads))
                try pipeline.apply(next.content, in: transaction, strict: false)
                batch.heads.advance(author, to: next.key.seq)
                batch.applied.append(next)
            }
            try transaction.finish()
            batch.events = transaction.events
            return batch
        }
        // A few cheap changes (the usual live arrival) are stored right here when no other write
        // runs: a hop to the writer's thread and back would cost two wake-ups. Anything larger
        // (a catch-up, a big object's state) or a busy writer leaves the actor free meanwhile.
        if isCheapToApply(chosenChanges), let batch = try store.writeIfIdle(storeBatch) { return batch }
        return try await store.write(storeBatch)
    }

    /// Whether a batch is a few changes with few ops in all, each of an app that applies cheaply
    /// (or of no app here: those are only stored).
    private func isCheapToApply(_ changes: [DecodedChange]) -> Bool {
        guard changes.count <= Self.inlineApplyLimit else { return false }
        var opCount = 0
        for change in changes {
            opCount += change.body.ops.count
            guard opCount <= Self.inlineOpLimit else { return false }
            for op in change.body.ops where configuration.apps.app(for: op.kind)?.appliesCheaply == false {
                return false
            }
        }
        return true
    }

    /// The hash and clock reading of `author`'s stored change `seq` (empty for seq 0: the first
    /// change has no prev).
    nonisolated static func storedHead(of author: NodeID, seq: UInt64, in context: StoreContext) throws -> ChainHead {
        guard seq > 0, let change = try context.changes(author: author.bytes, in: seq...seq, limit: 1).first else {
            return .start
        }
        return ChainHead(hash: contentHash(change.body, change.signature), hlc: change.hlc)
    }
}
