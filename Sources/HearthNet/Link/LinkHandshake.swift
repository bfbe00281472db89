import HearthCrypto
import HearthWire
import NIOConcurrencyHelpers
import NIOCore

/// What a completed handshake yields: the peer's verified identity and the link's ciphers.
struct EstablishedLink {
    var peerHello: WireHello
    var peer: NodeID
    var sender: NoiseCipherState
    var receiver: NoiseCipherState
}

/// Runs the Noise XXpsk3 handshake and the Hello exchange on a fresh connection.
/// The sequence is specified in `Protocol/handshake.md`.
struct LinkHandshake {
    var identity: NodeIdentity
    var networkKey: NetworkKey
    var hello: WireHello
    var address: String
    var timeout: Duration = .seconds(10)

    /// - Throws: `HandshakeError` with the reason the link could not be established.
    func run(
        role: NoiseHandshake.Role, reader: inout FrameReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        channel: any Channel
    ) async throws -> EstablishedLink {
        let timedOut = NIOLockedValueBox(false)
        let watchdog = Task { [timeout] in
            try await Task.sleep(for: timeout)
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { watchdog.cancel() }
        do {
            return try await exchange(role: role, reader: &reader, outbound: outbound)
        } catch let error as HandshakeError {
            throw error
        } catch {
            if timedOut.withLockedValue({ $0 }) { throw HandshakeError(address: address, reason: .timedOut) }
            throw HandshakeError(address: address, reason: .malformed("\(error)"))
        }
    }

    private func exchange(
        role: NoiseHandshake.Role, reader: inout FrameReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> EstablishedLink {
        var noise = NoiseHandshake(
            role: role, staticKey: identity.noiseStaticKey(), psk: networkKey, prologue: ProtocolConstants.prologue)
        func send(_ bytes: [UInt8]) async throws {
            try await outbound.write(ByteBuffer(bytes: FrameDecoder.frame(bytes)))
        }
        func receive(step: Int) async throws -> [UInt8] {
            guard let frame = try await reader.next() else {
                // A responder that cannot authenticate message 3 closes: the psk differs.
                throw HandshakeError(address: address, reason: step == 4 ? .wrongNetwork : .closedByPeer)
            }
            return frame
        }
        do {
            if role == .initiator {
                try await send(try noise.writeMessage())
                _ = try noise.readMessage(try await receive(step: 2))
                try await send(try noise.writeMessage())
            } else {
                _ = try noise.readMessage(try await receive(step: 1))
                try await send(try noise.writeMessage())
                _ = try noise.readMessage(try await receive(step: 3))
            }
        } catch let error as CryptoError where error.code == .decryptionFailed {
            throw HandshakeError(address: address, reason: .wrongNetwork)
        } catch let error as CryptoError {
            throw HandshakeError(address: address, reason: .malformed(error.message))
        }
        var (sender, receiver) = try noise.transport().halves()
        let helloEnvelope = WireEnvelope.with { $0.hello = hello }
        for chunk in try MessageAssembler.chunks(
            of: helloEnvelope.encoded(), chunkLength: NoiseTransport.maxPlaintextLength)
        {
            try await send(try sender.encrypt(ad: [], plaintext: chunk))
        }
        // The first transport message proves the peer holds the same network key.
        var assembler = MessageAssembler()
        var helloBytes: [UInt8]?
        while helloBytes == nil {
            let frame = try await receive(step: 4)
            do {
                assembler.append(try receiver.decrypt(ad: [], ciphertext: frame))
            } catch {
                throw HandshakeError(address: address, reason: .wrongNetwork)
            }
            helloBytes = try assembler.nextMessage()
        }
        let envelope = try WireEnvelope.decode(helloBytes!)
        guard case .hello(let peerHello) = envelope.body else {
            throw HandshakeError(address: address, reason: .malformed("the first message is not a hello"))
        }
        return EstablishedLink(
            peerHello: peerHello, peer: try verify(peerHello, remoteStatic: noise.remoteStaticKey),
            sender: sender, receiver: receiver)
    }

    private func verify(_ peerHello: WireHello, remoteStatic: [UInt8]?) throws -> NodeID {
        guard peerHello.minProtocolVersion <= ProtocolConstants.version,
            peerHello.protocolVersion >= ProtocolConstants.minimumVersion
        else {
            throw HandshakeError(address: address, reason: .incompatibleVersion(peerVersion: peerHello.protocolVersion))
        }
        guard let peer = try? NodeID(bytes: [UInt8](peerHello.nodeID)),
            let expected = NodeIdentity.noisePublicKey(of: peer), let remoteStatic,
            constantTimeEqual(expected, remoteStatic)
        else {
            throw HandshakeError(address: address, reason: .identityMismatch)
        }
        guard peer != identity.id else { throw HandshakeError(address: address, reason: .selfConnection) }
        return peer
    }
}
