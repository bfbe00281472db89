import HearthCrypto
import HearthWire
import NIOCore
import NIOPosix

@testable import HearthNet

/// A TCP connection driven by the test itself: to send garbage, or to act as a peer that
/// completes the real handshake and then misbehaves.
struct RawConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func open(to address: PeerAddress) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawConnection(channel: channel)
    }

    /// Writes `bytes` and returns everything the other side sends until it closes.
    func sendThenReadUntilClosed(_ bytes: [UInt8]) async throws -> [UInt8] {
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: bytes))
            var received: [UInt8] = []
            for try await buffer in inbound { received += buffer.readableBytesView }
            return received
        }
    }

    /// Completes the handshake as `identity` with `key`, writes the bytes `misbehave` returns
    /// (it may encrypt with the link's sending cipher), then returns every message the other side
    /// sends until it closes. Pings are never answered.
    /// - Throws: `HandshakeError` when the handshake fails.
    func handshake(
        as identity: NodeIdentity, key: NetworkKey,
        then misbehave: (inout NoiseCipherState) throws -> [UInt8]
    ) async throws -> [WireEnvelope] {
        try await channel.executeThenClose { inbound, outbound in
            var reader = FrameReader(inbound)
            let handshake = LinkHandshake(
                identity: identity, networkKey: key, address: "the node under test",
                makeHello: {
                    .with {
                        $0.protocolVersion = ProtocolConstants.version
                        $0.minProtocolVersion = ProtocolConstants.minimumVersion
                        $0.nodeID = .init(identity.id.bytes)
                        $0.displayName = "test peer"
                    }
                })
            var established = try await handshake.run(role: .initiator, reader: &reader, outbound: outbound)
            let bytes = try misbehave(&established.sender)
            if !bytes.isEmpty { try await outbound.write(ByteBuffer(bytes: bytes)) }
            var assembler = MessageAssembler()
            var envelopes: [WireEnvelope] = []
            while let frame = try await reader.next() {
                assembler.append(try established.receiver.decrypt(ad: [], ciphertext: frame))
                while let message = try assembler.nextMessage() { envelopes.append(try WireEnvelope.decode(message)) }
            }
            return envelopes
        }
    }
}
