import Foundation
import HearthCrypto
import HearthWire

/// The fuzz target's door to the change decoder (`FuzzNode`): decodes untrusted bytes as a
/// signed change as a link would, and checks what a decoded change promises.
@_spi(Fuzzing) public enum ChangeDecodingFuzzing {
    public static func run(_ bytes: [UInt8]) {
        guard let signed = try? WireSignedChange(serializedBytes: bytes),
            let change = try? DecodedChange(signed)
        else { return }
        for (index, data) in change.payloads {
            let op = change.body.ops[Int(index)]
            guard op.hasPayload, [UInt8](op.payloadHash) == contentHash(data) else {
                fatalError("a payload was kept that does not match its op's hash")
            }
        }
        guard change.payloads.count + change.mismatchedPayloads == signed.payloads.count else {
            fatalError("a payload was neither kept nor counted as mismatched")
        }
        for op in change.body.ops {
            guard op.object.count == 16, OpKind.isValid(op.kind) else { fatalError("an op breaks the core's rules") }
            _ = try? ObjectID(bytes: [UInt8](op.object))
        }
        _ = change.hasValidSignature
        _ = change.content
    }

    /// Signed changes as peers send them: a first change with a payload, and a second with a dep.
    public static func seeds() -> [String: [UInt8]] {
        let author = NodeIdentity.generate()
        let other = NodeIdentity.generate()
        // An app of no consequence: the core's decoder reads no op body.
        let object = ObjectID.named("general", kind: "fuzz.note")
        let (ops, payloads) = WireOp.signable([
            NewOp(object: object, kind: "fuzz.note", body: [0x0A, 0x00]),
            NewOp(object: object, kind: "fuzz.note", body: [0x1A, 0x00], payload: Array("gg".utf8)),
        ])
        func signed(seq: UInt64, prev: [UInt8], deps: [NodeID]) -> WireSignedChange {
            let body: [UInt8] = try! WireChangeBody.with {
                $0.author = Data(author.id.bytes)
                $0.seq = seq
                $0.hlc = (1_764_000_000_000 + seq) << 16
                $0.ops = ops
                $0.prev = Data(prev)
                $0.deps = deps.map { dep in
                    .with {
                        $0.author = Data(dep.bytes); $0.seq = 1
                    }
                }
            }.serializedBytes()
            let signature = author.sign(ProtocolConstants.signingInput(forChangeBody: body))
            return .with {
                $0.body = Data(body)
                $0.signature = Data(signature)
                $0.payloads = payloads.map { index, data in
                    .with {
                        $0.op = index; $0.data = Data(data)
                    }
                }
            }
        }
        let first = signed(seq: 1, prev: [], deps: [])
        let second = signed(
            seq: 2, prev: contentHash([UInt8](first.body), [UInt8](first.signature)), deps: [other.id])
        return ["change-first": try! first.serializedBytes(), "change-with-dep": try! second.serializedBytes()]
    }
}
