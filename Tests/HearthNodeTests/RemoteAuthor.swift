import Foundation
import HearthCrypto
import HearthNet
import HearthWire

@testable import HearthChat
@testable import HearthNode

/// Another node's identity writing changes by hand, as they would arrive over a link. Each change
/// links to the first change made with the previous sequence number (make them in order).
final class RemoteAuthor: @unchecked Sendable {
    let identity = NodeIdentity.generate()
    var id: NodeID { identity.id }
    private var hashes: [UInt64: [UInt8]] = [0: []]

    /// A change signed by this author (or by `signer`, to forge one); `prev` overrides the link.
    func change(
        _ seq: UInt64, _ ops: [NewOp], deps: [ChangeKey] = [], signer: NodeIdentity? = nil, prev: [UInt8]? = nil,
        hlc: UInt64? = nil
    ) throws -> WireSignedChange {
        guard let link = prev ?? hashes[seq - 1] else { throw AuthorError.outOfOrder(seq) }
        let (wireOps, opPayloads) = WireOp.signable(ops)
        let payloads = opPayloads.keys.sorted().map { index in
            WirePayload.with {
                $0.op = index
                $0.data = Data(opPayloads[index]!)
            }
        }
        let body: [UInt8] = try WireChangeBody.with {
            $0.author = Data(id.bytes)
            $0.seq = seq
            $0.hlc = hlc ?? (1_700_000_000_000 + seq) << 16
            $0.deps = deps.map { dep in
                .with {
                    $0.author = Data(dep.author.bytes); $0.seq = dep.seq
                }
            }
            $0.ops = wireOps
            $0.prev = Data(link)
        }.serializedBytes()
        let signature = (signer ?? identity).sign(ProtocolConstants.signingInput(forChangeBody: body))
        if hashes[seq] == nil { hashes[seq] = contentHash(body, signature) }
        return .with {
            $0.body = Data(body)
            $0.signature = Data(signature)
            $0.payloads = payloads
        }
    }

    func key(_ seq: UInt64) -> ChangeKey { ChangeKey(author: id, seq: seq) }

    enum AuthorError: Error { case outOfOrder(UInt64) }
}

extension NewOp {
    static func create(_ channel: String) -> NewOp {
        try! ChatApp.channelOp(channel, .create(.with { $0.name = channel }))
    }

    static func post(_ channel: String, _ text: String) -> NewOp {
        try! ChatApp.channelOp(channel, .post(ChatPost()), payload: Array(text.utf8))
    }
}
