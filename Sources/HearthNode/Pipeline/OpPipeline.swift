import Foundation
import HearthCrypto
import HearthNet
import HearthStore
import HearthWire
import Logging

/// The one path every op takes into the materialised state, for local commits and received
/// changes alike: each op goes to the app that owns its kind, or is deferred until one does.
struct OpPipeline: Sendable {
    let registry: AppRegistry
    let identity: NodeIdentity
    let logger: Logger

    /// Applies every op of `change`, in order, inside the caller's transaction.
    /// - Parameter strict: true for a change authored here: the first rejected op throws, so
    ///   nothing is signed. Otherwise a rejected op is logged and skipped.
    /// - Throws: `NodeError.invalidArgument` for a rejected op when strict; store errors.
    func apply(_ change: ChangeContent, in transaction: AppTransaction, strict: Bool) throws {
        for (offset, op) in change.ops.enumerated() {
            let key = OpKey(author: change.author.bytes, seq: change.seq, index: UInt32(offset))
            guard let app = registry.app(for: op.kind) else {
                try transaction.store.deferOp(key, kind: op.kind)
                continue
            }
            try apply(op, key: key, change: change, app: app, in: transaction, strict: strict)
        }
    }

    /// - Returns: false when the app kept the op for later (`AppDeferral`): it is deferred again.
    @discardableResult private func apply(
        _ op: WireOp, key: OpKey, change: ChangeContent, app: any HearthApp, in transaction: AppTransaction,
        strict: Bool
    ) throws -> Bool {
        let payload: AppOp.Payload =
            op.hasPayload ? change.payloads[key.index].map(AppOp.Payload.present) ?? .missing : .none
        let appOp = AppOp(
            key: key, author: change.author, hlc: change.hlc, object: try ObjectID(bytes: [UInt8](op.object)),
            kind: op.kind, body: [UInt8](op.body), payload: payload, deps: change.deps)
        do {
            try app.validate(appOp)
            try app.apply(appOp, in: transaction)
        } catch let deferral as AppDeferral {
            if strict { throw NodeError(.invalidArgument, deferral.description) }
            try transaction.store.deferOp(key, kind: op.kind)
            log(.info, "kept an op for a later version", app: app, change: change, key: key, reason: deferral)
            return false
        } catch let rejection as AppRejection {
            if strict { throw NodeError(.invalidArgument, rejection.description) }
            log(.warning, "rejected an op", app: app, change: change, key: key, reason: rejection)
        }
        return true
    }

    private func log(
        _ level: Logger.Level, _ message: Logger.Message, app: any HearthApp, change: ChangeContent, key: OpKey,
        reason: any Error
    ) {
        logger.log(
            level: level, message,
            metadata: [
                "app": "\(app.name)", "change": "\(change.author.short)-\(change.seq)", "op": "\(key.index)",
                "reason": "\(reason)",
            ])
    }

    /// Applies the stored ops of kinds that were unknown when they arrived and that an app now
    /// knows, in the order they were stored; an op its app keeps for later again (`AppDeferral`)
    /// is deferred anew, after the others, and not offered twice in one call. Returns how many
    /// were applied.
    func replayDeferred(in context: StoreContext) throws -> Int {
        let kinds = registry.kinds
        let end = try context.lastDeferredPosition()
        var replayed = 0
        while true {
            let batch = try context.deferredOps(kinds: kinds, through: end, limit: 1000)
            guard let last = batch.last else { return replayed }
            let transaction = AppTransaction(store: context, wantsEvents: false, local: identity)
            var bodies: [ChangeKey: StoredChange] = [:]
            for deferred in batch {
                let author = try NodeID(bytes: deferred.key.author)
                let changeKey = ChangeKey(author: author, seq: deferred.key.seq)
                if bodies[changeKey] == nil {
                    bodies[changeKey] = try context.changes(
                        author: author.bytes, in: deferred.key.seq...deferred.key.seq, limit: 1
                    ).first
                }
                guard let stored = bodies[changeKey], let app = registry.app(for: deferred.kind) else { continue }
                let body = try WireChangeBody.decode(stored.body)
                guard Int(deferred.key.index) < body.ops.count else { continue }
                let content = ChangeContent(
                    author: author, seq: stored.seq, hlc: stored.hlc, ops: body.ops, payloads: stored.payloads,
                    deps: body.depKeys)
                let applied = try apply(
                    body.ops[Int(deferred.key.index)], key: deferred.key, change: content, app: app,
                    in: transaction, strict: false)
                if applied { replayed += 1 }
            }
            try transaction.finish()
            try context.removeDeferredOps(through: last.position, kinds: kinds)
        }
    }
}
