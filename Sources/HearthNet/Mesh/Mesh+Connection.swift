import Foundation
import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthWire
import NIOCore

extension Mesh {
    /// Runs one connection from handshake to close, reporting each step to the machine.
    nonisolated func runConnection(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, id: ConnectionID, direction: Link.Direction
    ) async {
        let address = connection.channel.remoteAddress.flatMap(Self.peerAddress)?.description ?? "unknown"
        let handshake = LinkHandshake(
            identity: identity, networkKey: networkKey, address: address,
            makeHello: { [weak self] in await self?.hello(for: id) ?? WireHello() })
        var reason = "closed by peer"
        do {
            try await connection.executeThenClose { inbound, outbound in
                var reader = FrameReader(inbound)
                let established: EstablishedLink
                do {
                    established = try await handshake.run(
                        role: direction == .outbound ? .initiator : .responder, reader: &reader, outbound: outbound)
                } catch let error as HandshakeError {
                    await self.handshakeFailed(id, error)
                    return
                }
                var receiver = established.receiver
                let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
                let link = Link(
                    established: established, connection: id, address: address, direction: direction,
                    channel: connection.channel, wake: wake)
                await self.established(link, hello: established.peerHello)
                let inbox = ChangeInbox()
                reason = await withTaskGroup(of: Void.self, returning: String.self) { group in
                    group.addTask { await self.drain(wakes, to: outbound, link: link) }
                    group.addTask { await self.storeChanges(from: inbox, link: link) }
                    let reason = await self.readLoop(&reader, receiver: &receiver, link: link, inbox: inbox)
                    await inbox.finish()
                    await link.close()
                    return reason
                }
            }
        } catch {
            reason = "connection error: \(error)"
        }
        await closed(id, reason: reason)
    }

    private func hello(for id: ConnectionID) -> WireHello {
        let counts = machine.helloCounts(for: id)
        return .with {
            $0.protocolVersion = ProtocolConstants.version
            $0.minProtocolVersion = ProtocolConstants.minimumVersion
            $0.nodeID = Data(identity.id.bytes)
            $0.displayName = displayName
            $0.listenPort = UInt32(listeningPort ?? configuration.listen?.port ?? 0)
            $0.agent = ProtocolConstants.agent
            $0.links = UInt32(counts.links)
            $0.maxLinks = UInt32(counts.maxLinks)
            $0.makesRoom = counts.makesRoom
        }
    }

    private func handshakeFailed(_ id: ConnectionID, _ error: HandshakeError) async {
        await perform(machine.handshakeFailed(id, error: error, now: Self.monotonicSeconds(), random: &random))
    }

    private func established(_ link: Link, hello: WireHello) async {
        links[link.connection] = link
        let peerHello = PeerHello(
            peer: link.peer, name: hello.displayName, listenPort: Int(hello.listenPort),
            counts: LinkCounts(links: Int(hello.links), maxLinks: Int(hello.maxLinks), makesRoom: hello.makesRoom))
        await perform(
            machine.handshakeSucceeded(
                link.connection, hello: peerHello, now: Self.monotonicSeconds(), random: &random))
        // The machine dropped the connection meanwhile (its deadline passed): so does the driver.
        if !machine.isTracking(link.connection) { await link.close() }
    }

    private func closed(_ id: ConnectionID, reason: String) async {
        let why = isShuttingDown ? "node shutting down" : reason
        await perform(machine.closed(id, reason: why, now: Self.monotonicSeconds(), random: &random))
        links[id] = nil
        channels[id] = nil
    }

    private func received(_ message: MeshMessage, on id: ConnectionID) async {
        await performPresence(presence.heard(on: id, now: Self.monotonicSeconds()))
        await perform(machine.received(message, on: id, now: Self.monotonicSeconds()))
    }

    /// The link's single writer: each time it is woken it takes everything queued, encrypted in
    /// order, and writes it at once; when the link closes it writes what is left, then closes
    /// the connection.
    private nonisolated func drain(
        _ wakes: AsyncStream<Void>, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, link: Link
    ) async {
        for await _ in wakes {
            let bytes = await link.takeFrames()
            guard !bytes.isEmpty else { continue }
            do {
                try await outbound.write(ByteBuffer(bytes: bytes))
            } catch {
                break
            }
            await link.wrote(bytes.count)
        }
        let rest = await link.takeFrames()
        if !rest.isEmpty { try? await outbound.write(ByteBuffer(bytes: rest)) }
        link.channel.close(promise: nil)
    }

    /// Reads, decrypts and dispatches messages until the link ends; returns why it ended.
    private nonisolated func readLoop(
        _ reader: inout FrameReader, receiver: inout NoiseCipherState, link: Link, inbox: ChangeInbox
    ) async -> String {
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
                    try await handle(try WireEnvelope.decode(message), on: link, inbox: inbox)
                }
            }
            return "closed by peer"
        } catch let error as WireError {
            logger.warning(
                "closing link: \(error)",
                metadata: ["peer.id": "\(link.peer.short)", "peer.address": "\(link.address)"])
            await link.closeGracefully(code: error.code, reason: error.message)
            return "\(error)"
        } catch is CancellationError {
            return "node shutting down"
        } catch {
            return "connection error: \(error)"
        }
    }

    /// Handles one message: a change batch goes to the link's inbox; any other message waits
    /// until the changes before it are stored.
    /// - Throws: `WireError` when the message breaks the protocol (the link then closes).
    private nonisolated func handle(_ envelope: WireEnvelope, on link: Link, inbox: ChangeInbox) async throws {
        let id = link.connection
        if case .changes(let batch) = envelope.body {
            await changesArrived(on: id)
            await inbox.put(batch)
            return
        }
        await inbox.waitUntilIdle()
        switch envelope.body {
        case .changes:
            break  // handled above
        case .syncRequest(let request):
            let vector = VersionVector<NodeID>(wire: request.have)
            await currentDelegate?.peerAnnounced(vector, from: link.peer)
            await received(.syncRequest(have: vector, requestID: request.requestID), on: id)
        case .presence(let message):
            try await presenceArrived(message, on: id)
        case .hello:
            throw WireError(.unexpectedMessage, "a second hello")
        case nil:
            logger.debug("ignoring a message of an unknown kind", metadata: ["peer.id": "\(link.peer.short)"])
        default:
            if let message = MeshMessage(envelope) { await received(message, on: id) }
        }
    }

    /// A change batch arrived: it counts as hearing from the peer.
    private func changesArrived(on id: ConnectionID) async {
        await performPresence(presence.heard(on: id, now: Self.monotonicSeconds()))
        machine.changesArrived(on: id, now: Self.monotonicSeconds())
    }

    /// The link's storing task: hands the node everything the inbox holds at once (batches that
    /// arrived while the previous ones were stored go in together), until the link ends.
    private nonisolated func storeChanges(from inbox: ChangeInbox, link: Link) async {
        while let batches = await inbox.take() {
            for (pushed, changes) in batches.joinedByPushed() {
                await store(changes, pushed: pushed, on: link)
            }
            await inbox.stored()
        }
    }

    private func store(_ changes: [WireSignedChange], pushed: Bool, on link: Link) async {
        let id = link.connection
        guard machine.peer(on: id) != nil, let delegate = currentDelegate else { return }
        let outcome = await delegate.receive(changes, from: link.peer)
        await perform(
            machine.changesStored(on: id, pushed: pushed, fresh: outcome.fresh, duplicates: outcome.duplicates))
    }

    /// Answers the link's sync requests one at a time, always the latest one waiting.
    func serveSyncRequests(on link: Link) async {
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
                        for part in batch.splitForBatches() {
                            try await link.send(
                                WireEnvelope.with { $0.changes = .with { $0.changes = part.map(\.signed) } })
                            machine.changesSent(part.map(\.key), on: link.connection)
                        }
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
