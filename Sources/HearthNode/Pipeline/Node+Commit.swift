import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthStore
import HearthWire

/// A local change waiting to be signed: its ops, their payloads, its deps, and its caller.
struct QueuedCommit: Sendable {
    var ops: [WireOp]
    var payloads: [UInt32: [UInt8]]
    var deps: [ChangeKey]
    /// Indices of the ops that create their object: named when the change's seq is known.
    var creating: [Int]
    var caller: CheckedContinuation<ChangeKey, any Error>
}

extension WireOp {
    /// The wire form of ops about to be signed, and their payloads by op index.
    static func signable(_ ops: [NewOp]) -> (ops: [WireOp], payloads: [UInt32: [UInt8]]) {
        var payloads: [UInt32: [UInt8]] = [:]
        let wire = ops.enumerated().map { offset, op in
            WireOp.with {
                $0.object = Data(op.object.bytes)
                $0.kind = op.kind
                $0.body = Data(op.body)
                if let payload = op.payload {
                    $0.payloadHash = Data(contentHash(payload))
                    payloads[UInt32(offset)] = payload
                }
            }
        }
        return (wire, payloads)
    }
}

/// What one group commit did, change by change.
struct GroupCommit: Sendable {
    var results: [Result<KeyedChange, NodeError>] = []
    var events: [AppEvent] = []
    var clock: HybridLogicalClock
    var seq: UInt64
    var head: ChainHead
}

extension Node {
    /// The most deps one change may list (`Protocol/sync.md`).
    public static let maxDeps = DecodedChange.maxDeps

    /// Takes `count` consecutive readings of this node's hybrid logical clock for stamps inside
    /// ops about to be committed (a CRDT's last-writer-wins stamps): every change this node signs
    /// afterwards has a greater reading, and every change it has applied a smaller one.
    /// - Returns: the first reading.
    /// - Parameter reading: a clock reading the readings must follow (an applied change's, which
    ///   this node may not have observed yet).
    public func reserveClockReadings(_ count: Int, after reading: UInt64 = 0) -> UInt64 {
        let now = configuration.wallClock()
        clock.observe(HLCTimestamp(rawValue: reading), physicalMilliseconds: now)
        let first = clock.tick(physicalMilliseconds: now).rawValue
        for _ in 1..<max(count, 1) { _ = clock.tick(physicalMilliseconds: now) }
        return first
    }

    /// Signs, stores and pushes one change holding `ops`, applying them through their apps.
    /// The change is on disk (fsync) before this returns, so it survives a crash or power loss.
    /// Changes committed at the same time share one transaction and one fsync; each still
    /// succeeds or fails on its own.
    /// - Parameter deps: changes of other authors the ops need applied first (own ones are implied).
    /// - Returns: the change's key; op `i` of it is `OpKey(author, seq, i)`.
    /// - Throws: `NodeError.invalidArgument` when an app refuses an op, `.unavailable` while the
    ///   node learns its own log, `.storage` on a database failure; nothing is kept then.
    public func commit(_ ops: [NewOp], deps: [ChangeKey] = []) async throws -> ChangeKey {
        guard ownLog.canSign else { throw NodeError(.unavailable, ownLog.refusal) }
        guard !ops.isEmpty, ops.count <= DecodedChange.maxOps else {
            throw NodeError(.invalidArgument, "a change holds 1–\(DecodedChange.maxOps) ops, not \(ops.count)")
        }
        let (wireOps, payloads) = WireOp.signable(ops)
        if let violation = wireOps.lazy.compactMap(\.coreViolation).first {
            throw NodeError(.invalidArgument, "cannot sign \(violation)")
        }
        let own = identity.id
        let otherDeps = Set(deps.filter { $0.author != own }).sorted { $0.description < $1.description }
        guard otherDeps.count <= Self.maxDeps else {
            throw NodeError(.invalidArgument, "a change lists at most \(Self.maxDeps) deps, not \(otherDeps.count)")
        }
        return try await withCheckedThrowingContinuation { caller in
            commitQueue.append(
                QueuedCommit(
                    ops: wireOps, payloads: payloads, deps: otherDeps,
                    creating: ops.indices.filter { ops[$0].createsObject }, caller: caller))
            if commitDrain == nil { commitDrain = Task { await self.drainCommits() } }
        }
    }

    /// Stores queued local changes, all that are waiting at once, until none are left.
    private func drainCommits() async {
        while !commitQueue.isEmpty {
            let batch = commitQueue
            commitQueue.removeAll()
            await commitTogether(batch)
        }
        commitDrain = nil
    }

    private func commitTogether(_ batch: [QueuedCommit]) async {
        let own = identity.id
        let outcome: GroupCommit
        do {
            let head = try chainHeads[own] ?? store.read { try Self.storedHead(of: own, seq: heads[own], in: $0) }
            let start = GroupCommit(clock: clock, seq: heads[own], head: head)
            let (identity, pipeline, wallClock) = (identity, pipeline, configuration.wallClock)
            let wantsEvents = eventHub.wantsEvents(now: configuration.clock())
            let work = batch.map { ($0.ops, $0.payloads, $0.deps, $0.creating) }
            outcome = try await store.write(durable: true) { context in
                var group = start
                for (ops, payloads, deps, creating) in work {
                    group.results.append(
                        try Self.sign(
                            ops: ops, payloads: payloads, deps: deps, creating: creating, by: identity, into: &group,
                            pipeline: pipeline,
                            wantsEvents: wantsEvents, wallClock: wallClock, context: context))
                }
                return group
            }
        } catch {
            let failure =
                (error as? StoreError)?.kind == .diskFull
                ? NodeError(
                    .storage,
                    "nothing was stored: the disk holding \(configuration.folder.path) is full. Free some space and try again"
                )
                : NodeError(.storage, "could not store the change: \(error)")
            for queued in batch { queued.caller.resume(throwing: failure) }
            return
        }
        if outcome.clock.last > clock.last { clock = outcome.clock }
        heads.advance(own, to: outcome.seq)
        resumeHoldWaiters()
        chainHeads[own] = outcome.head
        publish(outcome.events)
        let stored = outcome.results.compactMap { try? $0.get() }
        if !stored.isEmpty { await mesh.broadcast(stored, except: nil) }
        for (queued, result) in zip(batch, outcome.results) {
            queued.caller.resume(with: result.map(\.key).mapError { $0 as any Error })
        }
    }

    /// Signs the next change of `group` and stores and applies it in a savepoint, so an op an app
    /// refuses undoes only this change (its sequence number goes to the next one).
    private nonisolated static func sign(
        ops: [WireOp], payloads: [UInt32: [UInt8]], deps: [ChangeKey], creating: [Int], by identity: NodeIdentity,
        into group: inout GroupCommit, pipeline: OpPipeline, wantsEvents: Bool, wallClock: () -> UInt64,
        context: StoreContext
    ) throws -> Result<KeyedChange, NodeError> {
        var clock = group.clock
        let hlc = clock.tick(physicalMilliseconds: wallClock())
        let seq = group.seq + 1
        var ops = ops
        for index in creating {
            let key = OpKey(author: identity.id.bytes, seq: seq, index: UInt32(index))
            ops[index].object = Data(ObjectID.created(by: key, kind: ops[index].kind).bytes)
        }
        let body = WireChangeBody.with {
            $0.author = Data(identity.id.bytes)
            $0.seq = seq
            $0.hlc = hlc.rawValue
            $0.deps = deps.map { dep in
                WireChangeRef.with {
                    $0.author = Data(dep.author.bytes)
                    $0.seq = dep.seq
                }
            }
            $0.ops = ops
            $0.prev = Data(group.head.hash)
        }
        let bodyBytes: [UInt8] = try body.serializedBytes()
        let size = DecodedChange.size(body: bodyBytes, payloads: payloads)
        guard size <= DecodedChange.maxBytes else {
            return .failure(
                NodeError(
                    .invalidArgument,
                    "a change holds at most \(DecodedChange.maxBytes >> 20) MiB of ops and payloads, this one \(size) bytes: split it"
                ))
        }
        let signature = identity.sign(ProtocolConstants.signingInput(forChangeBody: bodyBytes))
        let content = ChangeContent(
            author: identity.id, seq: seq, hlc: hlc.rawValue, ops: ops, payloads: payloads, deps: deps)
        var events: [AppEvent] = []
        do {
            try context.savepoint {
                try context.insertChange(
                    StoredChange(
                        author: identity.id.bytes, seq: seq, hlc: hlc.rawValue, body: bodyBytes, signature: signature,
                        payloads: payloads))
                let transaction = AppTransaction(store: context, wantsEvents: wantsEvents, local: identity)
                try pipeline.apply(content, in: transaction, strict: true)
                try transaction.finish()
                events = transaction.events
            }
        } catch let refusal as NodeError {
            return .failure(refusal)
        }
        group.clock = clock
        group.seq = seq
        group.head = ChainHead(hash: contentHash(bodyBytes, signature), hlc: hlc.rawValue)
        group.events += events
        return .success(
            KeyedChange(
                key: ChangeKey(author: identity.id, seq: seq),
                signed: .signed(body: bodyBytes, signature: signature, payloads: payloads)))
    }
}
