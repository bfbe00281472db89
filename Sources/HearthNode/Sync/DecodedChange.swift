import Foundation
import HearthCrypto
import HearthNet
import HearthWire

/// A received change whose body parsed and whose structure is valid (signature not yet checked).
///
/// What was decoded is immutable and shared by every copy: a change is copied into several
/// buffers and batches on its way to the store, and one reference is cheaper to copy than the
/// eight arrays it holds.
struct DecodedChange: BufferableChange {
    private final class Parts: Sendable {
        let key: ChangeKey
        let body: WireChangeBody
        let bodyBytes: [UInt8]
        let signature: [UInt8]
        let deps: [ChangeKey]
        let hash: [UInt8]
        let payloads: [UInt32: [UInt8]]
        let mismatchedPayloads: Int

        init(
            key: ChangeKey, body: WireChangeBody, bodyBytes: [UInt8], signature: [UInt8], deps: [ChangeKey],
            hash: [UInt8], payloads: [UInt32: [UInt8]], mismatchedPayloads: Int
        ) {
            self.key = key
            self.body = body
            self.bodyBytes = bodyBytes
            self.signature = signature
            self.deps = deps
            self.hash = hash
            self.payloads = payloads
            self.mismatchedPayloads = mismatchedPayloads
        }
    }

    private let parts: Parts

    var key: ChangeKey { parts.key }
    var body: WireChangeBody { parts.body }
    var bodyBytes: [UInt8] { parts.bodyBytes }
    var signature: [UInt8] { parts.signature }
    var deps: [ChangeKey] { parts.deps }
    /// The hash of this change (body, then signature), which the author's next change names as `prev`.
    var hash: [UInt8] { parts.hash }
    /// The payloads that came with the change and match their ops' hashes, by op index.
    var payloads: [UInt32: [UInt8]] { parts.payloads }
    /// Payloads that came with the change but do not match (tampered by a relay, or misplaced).
    var mismatchedPayloads: Int { parts.mismatchedPayloads }
    /// The peer it came from (nil for a change read back locally), so it is not relayed back there.
    var source: NodeID?

    static let maxOps = 1024
    static let maxDeps = 64
    /// The most bytes of body and payloads one change may hold (`Protocol/sync.md`).
    static let maxBytes = 1 << 20

    /// The bytes a change costs: its body and the payloads it carries.
    static func size(body: [UInt8], payloads: [UInt32: [UInt8]]) -> Int {
        payloads.values.reduce(body.count) { $0 + $1.count }
    }

    /// What holding it waiting costs, in bytes.
    var byteCount: Int { Self.size(body: bodyBytes, payloads: payloads) + signature.count }

    /// - Throws: `WireError.invalidChange` with the reason the change is unacceptable.
    init(_ signed: WireSignedChange) throws {
        let bodyBytes = [UInt8](signed.body)
        let signature = [UInt8](signed.signature)
        let body = try WireChangeBody.decode(bodyBytes)
        guard let author = try? NodeID(bytes: [UInt8](body.author)) else {
            throw WireError(.invalidChange, "a change whose author is not a 32-byte key")
        }
        guard body.seq > 0 else { throw WireError(.invalidChange, "a change with sequence number 0") }
        guard signature.count == 64 else { throw WireError(.invalidChange, "a signature that is not 64 bytes") }
        guard body.ops.count <= Self.maxOps, body.deps.count <= Self.maxDeps else {
            throw WireError(.invalidChange, "a change with too many ops or dependencies")
        }
        guard body.seq == 1 ? body.prev.isEmpty : body.prev.count == 32 else {
            throw WireError(.invalidChange, "a change whose prev hash is missing or malformed")
        }
        if let violation = body.ops.lazy.compactMap(\.coreViolation).first {
            throw WireError(.invalidChange, "a change with \(violation)")
        }
        var payloads: [UInt32: [UInt8]] = [:]
        var mismatched = 0
        for payload in signed.payloads {
            let data = [UInt8](payload.data)
            guard Int(payload.op) < body.ops.count, payloads[payload.op] == nil,
                body.ops[Int(payload.op)].hasPayload,
                [UInt8](body.ops[Int(payload.op)].payloadHash) == contentHash(data)
            else {
                mismatched += 1
                continue
            }
            payloads[payload.op] = data
        }
        let size = Self.size(body: bodyBytes, payloads: payloads)
        guard size <= Self.maxBytes else {
            throw WireError(
                .invalidChange,
                "a change of \(size) bytes of body and payloads, over the \(Self.maxBytes >> 20) MiB limit")
        }
        let deps = try body.deps.map { ref in
            guard let depAuthor = try? NodeID(bytes: [UInt8](ref.author)), ref.seq > 0,
                depAuthor != author || ref.seq < body.seq
            else { throw WireError(.invalidChange, "a change with an impossible dependency") }
            return ChangeKey(author: depAuthor, seq: ref.seq)
        }
        parts = Parts(
            key: ChangeKey(author: author, seq: body.seq), body: body, bodyBytes: bodyBytes, signature: signature,
            deps: deps, hash: contentHash(bodyBytes, signature), payloads: payloads,
            mismatchedPayloads: mismatched)
    }

    var fingerprint: [UInt8] { signature }

    /// Whether the author's signature covers exactly these bytes.
    var hasValidSignature: Bool {
        NodeIdentity.verify(
            signature: signature, of: ProtocolConstants.signingInput(forChangeBody: bodyBytes), by: key.author)
    }

    /// The hash the author's previous change must have.
    var prev: [UInt8] { [UInt8](body.prev) }

    var keyed: KeyedChange {
        KeyedChange(key: key, signed: .signed(body: bodyBytes, signature: signature, payloads: payloads))
    }

    var content: ChangeContent {
        ChangeContent(author: key.author, seq: key.seq, hlc: body.hlc, ops: body.ops, payloads: payloads, deps: deps)
    }

    /// Checks signatures, on all cores when there are many, on the caller's executor when there are
    /// few; returns the changes that verify.
    nonisolated(nonsending) static func verifyInParallel(_ changes: [DecodedChange]) async -> (
        valid: [DecodedChange], invalid: [DecodedChange]
    ) {
        // Each signature is checked once; a few are not worth the task group's hops.
        let verdicts: [Bool]
        if changes.count <= 8 {
            verdicts = changes.map(\.hasValidSignature)
        } else {
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let chunk = (changes.count + workers - 1) / workers
            verdicts = await withTaskGroup(of: (Int, [Bool]).self) { group in
                for start in stride(from: 0, to: changes.count, by: chunk) {
                    let slice = Array(changes[start..<min(start + chunk, changes.count)])
                    group.addTask { (start, slice.map(\.hasValidSignature)) }
                }
                var verdicts = [Bool](repeating: false, count: changes.count)
                for await (start, results) in group {
                    for (offset, ok) in results.enumerated() { verdicts[start + offset] = ok }
                }
                return verdicts
            }
        }
        var valid: [DecodedChange] = []
        var invalid: [DecodedChange] = []
        for (change, ok) in zip(changes, verdicts) {
            if ok { valid.append(change) } else { invalid.append(change) }
        }
        return (valid, invalid)
    }
}
