import Foundation
import HearthCrypto
import HearthNet
import HearthWire

/// A received change whose body parsed and whose structure is valid (signature not yet checked).
struct DecodedChange: Sendable {
    var key: ChangeKey
    var body: WireChangeBody
    var bodyBytes: [UInt8]
    var signature: [UInt8]
    var deps: [ChangeKey]
    /// The hash of this change (body, then signature), which the author's next change names as `prev`.
    var hash: [UInt8]

    static let maxOps = 1024
    static let maxDeps = 64

    /// - Throws: `WireError.invalidChange` with the reason the change is unacceptable.
    init(_ signed: WireSignedChange) throws {
        bodyBytes = [UInt8](signed.body)
        signature = [UInt8](signed.signature)
        let body = try WireChangeBody.decode(bodyBytes)
        self.body = body
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
        key = ChangeKey(author: author, seq: body.seq)
        hash = contentHash(bodyBytes, signature)
        deps = try body.deps.map { ref in
            guard let depAuthor = try? NodeID(bytes: [UInt8](ref.author)), ref.seq > 0,
                depAuthor != author || ref.seq < body.seq
            else { throw WireError(.invalidChange, "a change with an impossible dependency") }
            return ChangeKey(author: depAuthor, seq: ref.seq)
        }
    }

    /// Whether the author's signature covers exactly these bytes.
    var hasValidSignature: Bool {
        NodeIdentity.verify(
            signature: signature, of: ProtocolConstants.signingInput(forChangeBody: bodyBytes), by: key.author)
    }

    /// The hash the author's previous change must have.
    var prev: [UInt8] { [UInt8](body.prev) }

    var keyed: KeyedChange {
        KeyedChange(
            key: key,
            signed: .with {
                $0.body = Data(bodyBytes)
                $0.signature = Data(signature)
            })
    }

    /// Checks signatures on all cores; returns the changes that verify.
    static func verifyInParallel(_ changes: [DecodedChange]) async -> (valid: [DecodedChange], invalid: [DecodedChange])
    {
        guard changes.count > 8 else {
            return (changes.filter(\.hasValidSignature), changes.filter { !$0.hasValidSignature })
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (changes.count + workers - 1) / workers
        let verdicts = await withTaskGroup(of: (Int, [Bool]).self) { group in
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
        var valid: [DecodedChange] = []
        var invalid: [DecodedChange] = []
        for (change, ok) in zip(changes, verdicts) {
            if ok { valid.append(change) } else { invalid.append(change) }
        }
        return (valid, invalid)
    }
}
