import Foundation
import HearthCRDT
import HearthCrypto
import HearthWire
import Logging
import NIOCore
import NIOPosix

/// Every link of one node in one network: accepts and dials, authenticates, keeps links alive,
/// and runs sync (anti-entropy and eager push) over them. Rules: `Protocol/sync.md`.
public actor Mesh {
    let identity: NodeIdentity
    let networkKey: NetworkKey
    let configuration: MeshConfiguration
    nonisolated let logger: Logger
    private var delegate: (any MeshDelegate)?

    var links: [NodeID: Link] = [:]
    private var serverChannel: (any Channel)?
    private var acceptTask: Task<Void, Never>?
    private var tickTask: Task<Void, Never>?
    private var dialers: [PeerAddress: Task<Void, Never>] = [:]
    /// Peers to dial: found on the LAN, or told about by peers (with when they last were), and
    /// their dialers.
    var discovered: [NodeID: [PeerAddress]] = [:]
    var exchanged: [NodeID: (addresses: [PeerAddress], heard: Double)] = [:]
    var candidateDialers: [NodeID: Task<Void, Never>] = [:]
    var lastPeerList = 0.0
    private var handshakeFailures = LogThrottle(window: 60)
    private var lastPing: [NodeID: ContinuousClock.Instant] = [:]
    private var pingNonce: UInt64 = 0
    private(set) var isShuttingDown = false

    /// The port links are accepted on, once listening.
    public private(set) var listeningPort: Int?

    public init(identity: NodeIdentity, networkKey: NetworkKey, configuration: MeshConfiguration, logger: Logger) {
        self.identity = identity
        self.networkKey = networkKey
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts listening (if configured), dialling the static peers, and the periodic work.
    /// - Throws: the socket error when the listen address cannot be bound.
    public func start(delegate: any MeshDelegate) async throws {
        self.delegate = delegate
        if let listen = configuration.listen {
            try await startListening(on: listen)
        }
        for address in configuration.staticPeers { addPeer(address) }
        tickTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await self?.tick()
            }
        }
    }

    /// Keeps a link to `address`, reconnecting with backoff whenever it drops.
    public func addPeer(_ address: PeerAddress) {
        guard dialers[address] == nil, !isShuttingDown else { return }
        dialers[address] = Task { await self.dialLoop(address) }
    }

    /// Snapshots of the open links.
    public func linkInfos() async -> [LinkInfo] {
        var infos: [LinkInfo] = []
        for link in links.values { infos.append(await link.info()) }
        return infos.sorted { $0.connectedAt < $1.connectedAt }
    }

    /// Pushes new changes to every link except `source`'s, skipping what each peer holds.
    public func broadcast(_ changes: [KeyedChange], except source: NodeID?) async {
        for (peer, link) in links where peer != source {
            await link.pushChanges(changes)
        }
    }

    /// Whether a link leads to a peer other than `source`: if not, a broadcast reaches nobody and
    /// the caller can skip putting the changes in wire form.
    public func hasLinks(except source: NodeID?) -> Bool {
        links.keys.contains { $0 != source }
    }

    /// Says goodbye on every link, stops dialling and listening, and waits for the links to end.
    public func shutdown() async {
        guard !isShuttingDown else { return }
        isShuttingDown = true
        tickTask?.cancel()
        for dialer in dialers.values { dialer.cancel() }
        for dialer in candidateDialers.values { dialer.cancel() }
        try? await serverChannel?.close()
        for link in links.values { await link.closeGracefully(code: nil, reason: "node shutting down") }
        for task in dialers.values { await task.value }
        for task in candidateDialers.values { await task.value }
        // The accept task's group ends only when every inbound connection has ended.
        await acceptTask?.value
    }

    // MARK: Listening and dialling

    /// - Throws: `ListenError` when the address cannot be bound.
    private func startListening(on address: PeerAddress) async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        do {
            server = try await bind(address)
        } catch {
            throw ListenError(error, address: address.description, option: "--listen")
        }
        serverChannel = server.channel
        listeningPort = server.channel.localAddress?.port
        acceptTask = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            let remote = connection.channel.remoteAddress.map(Self.describe) ?? "unknown"
                            group.addTask {
                                _ = await self.runConnection(connection, direction: .inbound, address: remote)
                            }
                        }
                    }
                } catch {
                    self.logger.warning("stopped accepting links", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    private func bind(_ address: PeerAddress) async throws -> NIOAsyncChannel<
        NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never
    > {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func dialLoop(_ address: PeerAddress) async {
        var backoff = Backoff()
        var lastProblem: DialProblem?
        while !Task.isCancelled && !isShuttingDown {
            let outcome = await dial(address)
            switch outcome {
            case .success(let peer):
                backoff.reset()
                lastProblem = nil
                // Another link to the same node won the duplicate rule: wait until it ends.
                while links[peer] != nil && !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                }
            case .failure(let problem):
                if problem != lastProblem {
                    logger.warning("\(problem)", metadata: ["peer.address": "\(address)"])
                    lastProblem = problem
                }
            }
            let delay = backoff.nextDelay(random: Double.random(in: 0..<1))
            try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }

    func dial(_ address: PeerAddress) async -> Result<NodeID, DialProblem> {
        let connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            return .failure(DialProblem("cannot connect to \(address): \(error)"))
        }
        return await runConnection(connection, direction: .outbound, address: address.description)
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return PeerAddress(host: ip, port: port).description
    }

    // MARK: Link registry

    /// Adds a link, resolving duplicates: between two nodes, the link dialled by the node with the
    /// smaller id wins; a newer link from the same dialler replaces the older one.
    func register(_ link: Link) async -> Bool {
        if isShuttingDown {
            await link.closeGracefully(code: .shuttingDown, reason: "node shutting down")
            return false
        }
        if let existing = links[link.peer] {
            let preferredDialler = min(identity.id, link.peer)
            let newDialler = link.direction == .outbound ? identity.id : link.peer
            let oldDialler = existing.direction == .outbound ? identity.id : existing.peer
            let keepNew = newDialler == oldDialler || newDialler == preferredDialler
            let loser = keepNew ? existing : link
            await loser.closeGracefully(code: .duplicateLink, reason: "a link to this node already exists")
            guard keepNew else { return false }
        }
        links[link.peer] = link
        logger.info(
            "link up",
            metadata: [
                "peer.id": "\(link.peer.short)", "peer.name": "\(link.peerName)", "peer.address": "\(link.address)",
            ])
        await delegate?.linkOpened(await link.info())
        await requestSync(on: link, force: true)
        await sharePeers()
        return true
    }

    func unregister(_ link: Link, reason: String) async {
        guard links[link.peer] === link else { return }
        links[link.peer] = nil
        lastPing[link.peer] = nil
        // Paths through that peer are gone: every other peer pushes everything again for a while.
        for other in links.values {
            if let control = await other.updateSync({ $0.pushTree.resetAfterTopologyChange() }) {
                await other.push(WireEnvelope.with { $0.pushControl = control })
            }
        }
        logger.info("link down", metadata: ["peer.id": "\(link.peer.short)", "reason": "\(reason)"])
        await delegate?.linkClosed(await link.info(), reason: reason)
    }

    /// Logs an inbound handshake failure, at most once a minute per remote host and reason, so a
    /// peer with the wrong passphrase retrying with backoff does not flood the log, and a
    /// different failure from the same host is still reported.
    func logInboundHandshakeFailure(_ error: HandshakeError, host: String) {
        let decision = handshakeFailures.record("\(host) \(error.reason)", now: Self.monotonicSeconds())
        guard decision.shouldLog else { return }
        let suppressed =
            decision.suppressed > 0 ? " (\(decision.suppressed) more like it from this host in the last minute)" : ""
        logger.warning("\(error)\(suppressed)")
    }

    var currentDelegate: (any MeshDelegate)? { delegate }

    // MARK: Periodic work

    private func tick() async {
        let now = ContinuousClock.now
        for (peer, link) in links {
            if now - (await link.lastReceived) > configuration.deadAfter {
                logger.warning("link timed out", metadata: ["peer.id": "\(peer.short)"])
                await link.closeGracefully(code: .keepaliveTimeout, reason: "no traffic for \(configuration.deadAfter)")
                continue
            }
            if now - (lastPing[peer] ?? .now - configuration.keepaliveInterval) >= configuration.keepaliveInterval {
                pingNonce &+= 1
                lastPing[peer] = now
                await link.ping(nonce: pingNonce)
            }
            await requestSync(on: link, force: false)
        }
        await exchangeTick()
    }

    private func requestSync(on link: Link, force: Bool) async {
        let now = Self.monotonicSeconds()
        guard let id = await link.updateSync({ $0.requestIfDue(now: now, force: force) }),
            let delegate
        else { return }
        let vector = await delegate.versionVector()
        await link.push(
            WireEnvelope.with {
                $0.syncRequest = .with {
                    $0.have = .init(vector); $0.requestID = id
                }
            })
    }

    static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}

/// Why a dial attempt did not produce a link, as the sentence to log.
struct DialProblem: Error, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
