import Foundation
import HearthCRDT
import HearthCrypto
import HearthWire
import NIOCore

extension Mesh {
    /// Runs one connection from handshake to close. Returns the peer's id once authenticated.
    nonisolated func runConnection(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, direction: Link.Direction, address: String
    ) async -> Result<NodeID, DialProblem> {
        let handshake = LinkHandshake(
            identity: identity, networkKey: networkKey,
            hello: .with {
                $0.protocolVersion = ProtocolConstants.version
                $0.minProtocolVersion = ProtocolConstants.minimumVersion
                $0.nodeID = Data(identity.id.bytes)
                $0.displayName = configuration.displayName
                $0.listenPort = UInt32(configuration.listen?.port ?? 0)
                $0.agent = ProtocolConstants.agent
            },
            address: address)
        do {
            return try await connection.executeThenClose { inbound, outbound in
                var reader = FrameReader(inbound)
                let established: EstablishedLink
                do {
                    established = try await handshake.run(
                        role: direction == .outbound ? NoiseHandshake.Role.initiator : .responder, reader: &reader,
                        outbound: outbound,
                        channel: connection.channel)
                } catch let error as HandshakeError {
                    if direction == .inbound { await logInboundHandshakeFailure(error, host: Self.host(of: address)) }
                    return .failure(DialProblem(error.description))
                }
                var receiver = established.receiver
                let (outbox, outboxInput) = AsyncStream<[UInt8]>.makeStream()
                let link = Link(
                    established: established, address: address, direction: direction, channel: connection.channel,
                    outbox: outboxInput)
                guard await register(link) else {
                    await drain(outbox, to: outbound, link: link)
                    return .success(link.peer)
                }
                let reason = await withTaskGroup(of: Void.self, returning: String.self) { group in
                    group.addTask { await self.drain(outbox, to: outbound, link: link) }
                    let reason = await readLoop(&reader, receiver: &receiver, link: link)
                    await link.close()
                    return reason
                }
                await unregister(link, reason: reason)
                return .success(link.peer)
            }
        } catch {
            return .failure(DialProblem("link with \(address) failed: \(error)"))
        }
    }

    /// The host part of `address` (`1.2.3.4:5678` → `1.2.3.4`), the key for log throttling.
    nonisolated static func host(of address: String) -> String {
        PeerAddress(address, defaultPort: 0)?.host ?? address
    }

    /// The link's single writer: sends queued frames in order, then closes the connection.
    private nonisolated func drain(
        _ outbox: AsyncStream<[UInt8]>, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, link: Link
    ) async {
        for await bytes in outbox {
            do {
                try await outbound.write(ByteBuffer(bytes: bytes))
            } catch {
                break
            }
            await link.wrote(bytes.count)
        }
        link.channel.close(promise: nil)
    }

    /// Reads, decrypts and dispatches messages until the link ends; returns why it ended.
    private nonisolated func readLoop(_ reader: inout FrameReader, receiver: inout NoiseCipherState, link: Link) async
        -> String
    {
        var assembler = MessageAssembler()
        do {
            while let frame = try await reader.next() {
                let plaintext: [UInt8]
                do {
                    plaintext = try receiver.decrypt(ad: [], ciphertext: frame)
                } catch {
                    throw WireError(.malformedFrame, "a frame failed authentication (tampered or corrupted)")
                }
                assembler.append(plaintext)
                while let message = try assembler.nextMessage() {
                    await link.received()
                    if let end = try await handle(try WireEnvelope.decode(message), on: link) { return end }
                }
            }
            return "closed by peer"
        } catch let error as WireError {
            logger.warning(
                "closing link: \(error)",
                metadata: ["peer.id": "\(link.peer.short)", "peer.address": "\(link.address)"])
            await link.closeGracefully(code: error.code, reason: error.message)
            return "\(error)"
        } catch {
            return "connection error: \(error)"
        }
    }

    /// Handles one message; returns a reason when the link should end.
    private nonisolated func handle(_ envelope: WireEnvelope, on link: Link) async throws -> String? {
        switch envelope.body {
        case .ping(let ping):
            await link.push(WireEnvelope.with { $0.pong = .with { $0.nonce = ping.nonce } })
        case .pong(let pong):
            await link.pong(nonce: pong.nonce)
        case .syncRequest(let request):
            let vector = VersionVector<NodeID>(wire: request.have)
            await link.updateSync { $0.peerAnnounced(vector) }
            await currentDelegate?.peerAnnounced(vector, from: link.peer)
            if await link.offerSyncRequest(vector, id: request.requestID) {
                Task { await self.serveSyncRequests(on: link) }
            }
        case .changes(let batch):
            guard let delegate = await currentDelegate else { return nil }
            let outcome = await delegate.receive(batch.changes, from: link.peer)
            let control = await link.updateSync { session in
                for key in outcome.fresh + outcome.duplicates { session.peerHolds(key) }
                return session.pushTree.received(
                    pushed: batch.pushed, fresh: outcome.fresh, duplicates: outcome.duplicates, from: link.peer)
            }
            if let control { await link.push(WireEnvelope.with { $0.pushControl = control }) }
        case .pushControl(let control):
            await link.updateSync { $0.pushTree.apply(control) }
        case .syncDone(let done):
            await link.updateSync { $0.requestAnswered(done.requestID) }
        case .goodbye(let goodbye):
            return "peer said goodbye (\(goodbye.reason))"
        case .error(let report):
            logger.warning(
                "peer reported an error",
                metadata: ["peer.id": "\(link.peer.short)", "code": "\(report.code)", "message": "\(report.message)"])
        case .peers(let list):
            await heard(list, from: link.peer)
        case .hello:
            throw WireError(.unexpectedMessage, "a second hello")
        case nil:
            logger.debug("ignoring a message of an unknown kind", metadata: ["peer.id": "\(link.peer.short)"])
        }
        return nil
    }

    /// Answers the link's sync requests one at a time, always the latest one waiting.
    private func serveSyncRequests(on link: Link) async {
        while let (theirs, id) = await link.nextSyncRequest() {
            guard let delegate = currentDelegate else { return }
            let mine = await delegate.versionVector()
            // Oldest first, so that changes other authors' changes depend on tend to arrive first.
            var ranges: [(first: UInt64, author: NodeID, range: ClosedRange<UInt64>)] = []
            for (author, range) in mine.missingRanges(in: theirs) {
                let first = await delegate.storedChanges(
                    author: author, in: range.lowerBound...range.lowerBound, limit: 1)
                ranges.append((first.first.map { Self.hlc(of: $0) } ?? 0, author, range))
            }
            do {
                for (_, author, range) in ranges.sorted(by: { $0.first < $1.first }) {
                    var next = range.lowerBound
                    while next <= range.upperBound {
                        let batch = await delegate.storedChanges(
                            author: author, in: next...range.upperBound, limit: 512)
                        guard let last = batch.last, await !link.isClosed else { break }
                        try await link.send(
                            WireEnvelope.with { $0.changes = .with { $0.changes = batch.map(\.signed) } })
                        await link.updateSync { session in for change in batch { session.peerHolds(change.key) } }
                        next = last.key.seq + 1
                    }
                }
                try await link.send(WireEnvelope.with { $0.syncDone = .with { $0.requestID = id } })
            } catch {
                logger.warning("sync answer failed", metadata: ["peer.id": "\(link.peer.short)", "error": "\(error)"])
            }
        }
    }

    private static func hlc(of change: KeyedChange) -> UInt64 {
        (try? WireChangeBody.decode([UInt8](change.signed.body)).hlc) ?? 0
    }
}

extension VersionVector where Replica == NodeID {
    /// Reads a wire vector, skipping entries whose author is not a valid id.
    public init(wire: WireVersionVector) {
        var entries: [NodeID: UInt64] = [:]
        for entry in wire.entries {
            if let author = try? NodeID(bytes: [UInt8](entry.author)) {
                entries[author] = max(entries[author] ?? 0, entry.seq)
            }
        }
        self.init(entries)
    }
}

extension WireVersionVector {
    public init(_ vector: VersionVector<NodeID>) {
        self.init()
        entries = vector.entries.map { author, seq in
            WireVersionEntry.with {
                $0.author = Data(author.bytes)
                $0.seq = seq
            }
        }
    }
}
