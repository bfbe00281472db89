import Foundation
import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthWire
import Logging
import NIOCore
import NIOPosix

/// Every link of one node in one network. It drives a `MeshMachine` — which decides whom to
/// dial, which links to keep, when to ping, sync and share peers — with real sockets, a real
/// clock and real randomness, and carries out what the machine asks. Rules: `Protocol/sync.md`.
public actor Mesh {
    let identity: NodeIdentity
    let networkKey: NetworkKey
    let configuration: MeshConfiguration
    nonisolated let logger: Logger
    private var delegate: (any MeshDelegate)?
    var machine: MeshMachine
    var presence: PresenceMachine
    /// The name this node gives in Hellos and presence (set at start, changed by a rename).
    var displayName: String
    /// Presence records that could not be read (`ReadPresence.skipped`), all links together.
    var presenceSkipped = 0
    /// Bytes of presence sent on links, framing included.
    public internal(set) var presenceBytesSent = 0
    let networkTag: [UInt8]
    var random = SystemRandomNumberGenerator()

    /// The sending half of each established connection.
    var links: [ConnectionID: Link] = [:]
    /// Every open connection's channel, so the machine can drop one mid-handshake.
    var channels: [ConnectionID: any Channel] = [:]
    var connectionTasks: [ConnectionID: Task<Void, Never>] = [:]
    private var serverChannel: (any Channel)?
    private var acceptTask: Task<Void, Never>?
    private var timerTask: Task<Void, Never>?
    /// When the timer task wakes (infinity: none is waiting).
    private var timerWake = Double.infinity
    private(set) var isShuttingDown = false

    /// The port links are accepted on, once listening.
    public private(set) var listeningPort: Int?

    public init(identity: NodeIdentity, networkKey: NetworkKey, configuration: MeshConfiguration, logger: Logger) {
        self.identity = identity
        self.networkKey = networkKey
        self.configuration = configuration
        displayName = configuration.displayName
        self.logger = logger
        let now = Self.monotonicSeconds()
        machine = MeshMachine(own: identity.id, settings: configuration.settings, now: now)
        networkTag = networkKey.tagBytes
        presence = PresenceMachine(
            own: identity.id, sealer: PresenceSigning(identity: identity, network: networkTag),
            settings: configuration.presence, now: now,
            firstCounter: UInt64(max(0, Date().timeIntervalSince1970) * 1_000_000), name: configuration.displayName)
    }

    /// Starts listening (if configured), dialling the static peers, and the machine's timers.
    /// - Throws: the socket error when the listen address cannot be bound.
    public func start(delegate: any MeshDelegate) async throws {
        self.delegate = delegate
        if let listen = configuration.listen {
            try await startListening(on: listen)
        }
        for address in configuration.staticPeers { addPeer(address) }
        armTimer()
    }

    /// Makes sure the timer wakes by the machines' next deadline (and within a second): a
    /// deadline that an event brought forward starts a new, earlier wait.
    func armTimer() {
        guard !isShuttingDown else { return }
        let now = Self.monotonicSeconds()
        let next = min(
            machine.nextWakeup(after: now) ?? .infinity, presence.nextWakeup(after: now) ?? .infinity, now + 1)
        guard next < timerWake else { return }
        timerTask?.cancel()
        timerWake = next
        timerTask = Task { [weak self] in
            try? await Task.sleep(for: .seconds(max(next - Self.monotonicSeconds(), 0.002)))
            guard !Task.isCancelled else { return }
            await self?.runTimers()
        }
    }

    /// Runs both machines' `tick`s, then waits for the next deadline.
    private func runTimers() async {
        timerWake = .infinity
        timerTask = nil
        guard !isShuttingDown else { return }
        let now = Self.monotonicSeconds()
        await perform(machine.tick(now: now, random: &random))
        await performPresence(presence.tick(now: Self.monotonicSeconds()))
        armTimer()
    }

    /// Keeps a link to `address`, reconnecting with backoff whenever it drops.
    public func addPeer(_ address: PeerAddress) {
        guard !isShuttingDown else { return }
        let actions = machine.addStaticPeer(address, now: Self.monotonicSeconds(), random: &random)
        Task { await self.perform(actions) }
    }

    /// Replaces the peers found on the LAN; the machine dials them as it needs links.
    public func setCandidates(_ found: [NodeID: [PeerAddress]]) async {
        guard !isShuttingDown else { return }
        await perform(machine.setDiscovered(found, now: Self.monotonicSeconds(), random: &random))
    }

    /// Snapshots of the open links.
    public func linkInfos() -> [LinkInfo] { machine.linkSummaries.compactMap(info) }

    /// Pushes new changes to every link except `source`'s, skipping what each peer holds.
    public func broadcast(_ changes: [KeyedChange], except source: NodeID?) async {
        for case .pushChanges(let id, let positions) in machine.broadcast(changes.map(\.key), except: source) {
            await links[id]?.pushChanges(positions.map { changes[$0] })
        }
    }

    /// Whether a link leads to a peer other than `source`: if not, a broadcast reaches nobody and
    /// the caller can skip putting the changes in wire form.
    public func hasLinks(except source: NodeID?) -> Bool { machine.hasLinks(except: source) }

    /// Says goodbye on every link, stops dialling and listening, and waits for the links to end.
    public func shutdown() async {
        guard !isShuttingDown else { return }
        isShuttingDown = true  // before any wait, so a second call or a status set meanwhile does nothing
        // The goodbye of the presence plane goes out first, so every node shows this one offline
        // at once, before the links close.
        await performPresence(presence.leave(now: Self.monotonicSeconds()))
        timerTask?.cancel()
        await perform(machine.shutdown())
        try? await serverChannel?.close()
        // Links whose peers do not read their goodbye are cut after a few seconds.
        let stragglers = Task { [weak self] in
            try? await Task.sleep(for: .seconds(MeshMachine.shutdownTimeout))
            await self?.closeAllChannels()
        }
        defer { stragglers.cancel() }
        while let (_, task) = connectionTasks.first {
            await task.value
            connectionTasks = connectionTasks.filter { $0.value != task }
        }
        // The accept task's group ends only when every inbound connection has ended.
        await acceptTask?.value
    }

    private func closeAllChannels() {
        for channel in channels.values { channel.close(promise: nil) }
    }

    // MARK: Carrying out the machine's actions

    func perform(_ actions: [MeshAction]) async {
        for action in actions {
            switch action {
            case .dial(let id, let address):
                guard !isShuttingDown else { continue }
                connectionTasks[id] = Task { await self.dial(address, as: id) }
            case .send(let id, let message):
                await links[id]?.push(WireEnvelope(message))
            case .requestSync(let id, let requestID):
                guard let delegate, let link = links[id] else { continue }
                let vector = await delegate.versionVector()
                await link.push(
                    WireEnvelope.with {
                        $0.syncRequest = .with {
                            $0.have = .init(vector); $0.requestID = requestID
                        }
                    })
            case .answerSync(let id, let have, let requestID):
                guard let link = links[id] else { continue }
                if await link.offerSyncRequest(have, id: requestID) {
                    Task { await self.serveSyncRequests(on: link) }
                }
            case .pushChanges:
                break  // only `broadcast` asks for these, and carries them out itself
            case .close(let id, let code, let reason):
                if let link = links[id] {
                    await link.closeGracefully(code: code.map(WireError.Code.init(rawValue:)), reason: reason)
                } else {
                    channels[id]?.close(promise: nil)
                }
            case .abort(let id):
                channels[id]?.close(promise: nil)
            case .linkUp(let summary):
                if let info = info(summary) { await delegate?.linkOpened(info) }
                await performPresence(
                    presence.linkUp(summary.connection, peer: summary.peer, now: Self.monotonicSeconds()))
            case .linkDown(let summary, let reason):
                if let info = info(summary) { await delegate?.linkClosed(info, reason: reason) }
                await performPresence(presence.linkDown(summary.connection, now: Self.monotonicSeconds()))
            case .log(let line):
                logger.log(
                    level: line.level.logLevel, "\(line.message)",
                    metadata: line.metadata.mapValues { .string($0) })
            }
        }
        armTimer()
    }

    private func info(_ summary: LinkSummary) -> LinkInfo? {
        guard let link = links[summary.connection] else { return nil }
        return LinkInfo(
            peer: summary.peer, name: summary.name, address: link.address, direction: summary.direction,
            connectedAt: link.connectedAt, roundTripMilliseconds: summary.roundTrip.map { $0 * 1000 })
    }

    var currentDelegate: (any MeshDelegate)? { delegate }

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
                            guard let id = self.accepted(connection) else {
                                group.addTask { await Self.discard(connection) }
                                continue
                            }
                            group.addTask {
                                await self.runConnection(connection, id: id, direction: .inbound)
                            }
                        }
                    }
                } catch {
                    self.logger.warning("stopped accepting links", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Registers an inbound connection with the machine; nil while shutting down.
    private func accepted(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) -> ConnectionID? {
        guard !isShuttingDown else { return nil }
        let id = machine.newConnectionID()
        let remote = connection.channel.remoteAddress.flatMap(Self.peerAddress) ?? PeerAddress(host: "unknown", port: 0)
        machine.accepted(id, from: remote, now: Self.monotonicSeconds())
        channels[id] = connection.channel
        return id
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

    private func dial(_ address: PeerAddress, as id: ConnectionID) async {
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
            await perform(
                machine.dialFailed(
                    id, problem: "cannot connect to \(address): \(error)", now: Self.monotonicSeconds(),
                    random: &random))
            connectionTasks[id] = nil
            return
        }
        guard !isShuttingDown else {
            await Self.discard(connection)
            connectionTasks[id] = nil
            return
        }
        channels[id] = connection.channel
        machine.connected(id, now: Self.monotonicSeconds())
        await runConnection(connection, id: id, direction: .outbound)
        connectionTasks[id] = nil
    }

    /// Closes a connection that will not be run (the mesh is stopping). A wrapped channel must be
    /// closed through `executeThenClose`, which finishes its writer: dropping it with the writer
    /// open is a precondition failure in NIO, so a dial that completed just as the node stopped
    /// crashed the process.
    static func discard(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await connection.executeThenClose { _, _ in }
    }

    static func peerAddress(_ address: SocketAddress) -> PeerAddress? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        return PeerAddress(host: ip, port: port)
    }

    static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}

extension MeshLog.Level {
    var logLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        }
    }
}
