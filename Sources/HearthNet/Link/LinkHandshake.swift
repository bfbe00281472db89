import HearthCrypto
import HearthMachines
import HearthWire
import NIOCore

/// What a completed handshake yields: the peer's verified identity and the link's ciphers.
struct EstablishedLink {
    var peerHello: WireHello
    var peer: NodeID
    var sender: NoiseCipherState
    var receiver: NoiseCipherState
}

/// Runs the Noise XXpsk3 handshake and the Hello exchange on a fresh connection.
/// The sequence is specified in `Protocol/handshake.md`. It has no deadline of its own: the mesh
/// machine drops a connection whose handshake takes too long.
struct LinkHandshake {
    var identity: NodeIdentity
    var networkKey: NetworkKey
    var address: String
    /// This node's Hello, made once the Noise messages are through (it says how many links the
    /// node has at that moment).
    var makeHello: @Sendable () async -> WireHello

    /// - Throws: `HandshakeError` with the reason the link could not be established.
    func run(
        role: NoiseHandshake.Role, reader: inout FrameReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> EstablishedLink {
        do {
            return try await exchange(role: role, reader: &reader, outbound: outbound)
        } catch let error as HandshakeError {
            throw error
        } catch {
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
        func receive() async throws -> [UInt8] {
            guard let frame = try await reader.next() else {
                throw HandshakeError(address: address, reason: .closedByPeer)
            }
            return frame
        }
        do {
            if role == .initiator {
                try await send(try noise.writeMessage())
                _ = try noise.readMessage(try await receive())
                try await send(try noise.writeMessage())
            } else {
                _ = try noise.readMessage(try await receive())
                try await send(try noise.writeMessage())
                _ = try noise.readMessage(try await receive())
            }
        } catch let error as CryptoError where error.code == .decryptionFailed {
            throw HandshakeError(address: address, reason: .wrongNetwork)
        } catch let error as CryptoError {
            throw HandshakeError(address: address, reason: .malformed(error.message))
        }
        var (sender, receiver) = try noise.transport().halves()
        // From here on, a responder that could not authenticate message 3 (another network key)
        // has closed or reset the connection: every failure to trade Hellos means that.
        let helloBytes: [UInt8]
        do {
            try await sendEnvelope(await hello(), &sender, send)
            helloBytes = try await receiveHello(&reader, &receiver)
        } catch let error as HandshakeError {
            throw error
        } catch {
            throw HandshakeError(address: address, reason: .wrongNetwork)
        }
        let envelope: WireEnvelope
        do {
            envelope = try WireEnvelope.decode(helloBytes)
        } catch {
            try? await report(.undecodableMessage, "the first message is not an envelope", &sender, send)
            throw HandshakeError(address: address, reason: .malformed("the first message is not an envelope"))
        }
        guard case .hello(let peerHello) = envelope.body else {
            try? await report(.unexpectedMessage, "the first message must be a hello", &sender, send)
            throw HandshakeError(address: address, reason: .malformed("the first message is not a hello"))
        }
        do {
            let peer = try verify(peerHello, remoteStatic: noise.remoteStaticKey)
            return EstablishedLink(peerHello: peerHello, peer: peer, sender: sender, receiver: receiver)
        } catch let error as HandshakeError {
            try? await report(error.reason.code, error.description, &sender, send)
            throw error
        }
    }

    private func hello() async -> WireEnvelope {
        let hello = await makeHello()
        return WireEnvelope.with { $0.hello = hello }
    }

    private func sendEnvelope(
        _ envelope: WireEnvelope, _ sender: inout NoiseCipherState, _ send: ([UInt8]) async throws -> Void
    ) async throws {
        for chunk in try MessageAssembler.chunks(of: envelope.encoded(), chunkLength: NoiseTransport.maxPlaintextLength)
        {
            try await send(try sender.encrypt(ad: [], plaintext: chunk))
        }
    }

    /// The first transport message; it proves the peer holds the same network key.
    private func receiveHello(_ reader: inout FrameReader, _ receiver: inout NoiseCipherState) async throws -> [UInt8] {
        var assembler = MessageAssembler()
        while true {
            guard let frame = try await reader.next() else {
                throw HandshakeError(address: address, reason: .wrongNetwork)
            }
            do {
                assembler.append(try receiver.decrypt(ad: [], ciphertext: frame))
            } catch {
                throw HandshakeError(address: address, reason: .wrongNetwork)
            }
            if let message = try assembler.nextMessage() { return message }
        }
    }

    /// Tells the peer why the link ends (`ErrorReport`, then `Goodbye`).
    private func report(
        _ code: WireError.Code, _ message: String, _ sender: inout NoiseCipherState,
        _ send: ([UInt8]) async throws -> Void
    ) async throws {
        try await sendEnvelope(
            WireEnvelope.with {
                $0.error = .with {
                    $0.code = code.rawValue; $0.message = message
                }
            }, &sender, send)
        try await sendEnvelope(WireEnvelope.with { $0.goodbye = .with { $0.reason = message } }, &sender, send)
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

extension HandshakeError.Reason {
    /// The `ErrorReport` code sent when a Hello is refused for this reason.
    var code: WireError.Code {
        switch self {
        case .incompatibleVersion: .unsupportedVersion
        case .identityMismatch: .badHello
        case .selfConnection: .selfConnection
        default: .unexpectedMessage
        }
    }
}
