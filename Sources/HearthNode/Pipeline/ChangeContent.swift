import Foundation
import HearthCrypto
import HearthNet
import HearthWire

/// A stored change's ops and the payloads held for them, as the pipeline applies them.
struct ChangeContent {
    var author: NodeID
    var seq: UInt64
    var hlc: UInt64
    var ops: [WireOp]
    /// By op index; an op whose payload hash is set and that has no entry here lacks its payload.
    var payloads: [UInt32: [UInt8]]
    /// The changes it lists as deps.
    var deps: [ChangeKey]
}

extension WireChangeBody {
    /// The deps a stored (so already checked) change body lists.
    var depKeys: [ChangeKey] {
        deps.compactMap { ref in (try? NodeID(bytes: [UInt8](ref.author))).map { ChangeKey(author: $0, seq: ref.seq) } }
    }
}

extension WireOp {
    /// Whether the op commits to a payload.
    var hasPayload: Bool { !payloadHash.isEmpty }

    /// The core's rules for an op (`Protocol/objects.md`), checked before a change is accepted.
    var coreViolation: String? {
        if object.count != ObjectID.length { return "an op whose object id is not \(ObjectID.length) bytes" }
        if !OpKind.isValid(kind) { return "an op whose kind is not 1–64 of a-z 0-9 . _ -" }
        if !payloadHash.isEmpty && payloadHash.count != 32 { return "an op whose payload hash is not 32 bytes" }
        return nil
    }
}

extension WireSignedChange {
    /// A change as it travels: body, signature, and the payloads held (in op order).
    static func signed(body: [UInt8], signature: [UInt8], payloads: [UInt32: [UInt8]]) -> WireSignedChange {
        .with {
            $0.body = Data(body)
            $0.signature = Data(signature)
            $0.payloads = payloads.keys.sorted().map { index in
                WirePayload.with {
                    $0.op = index
                    $0.data = Data(payloads[index]!)
                }
            }
        }
    }
}
