import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthStore
import HearthWire
import Logging
import Synchronization

/// How a node is started.
public struct NodeConfiguration: Sendable {
    public var folder: DataFolder
    public var displayName: String
    public var network: NetworkMembership
    public var listen: PeerAddress?
    public var peers: [PeerAddress]
    public var discovery: DiscoveryMode
    /// The apps whose ops this node applies; ops of other kinds are kept and relayed.
    public var apps: AppRegistry
    /// The mesh's timers and limits, such as the most links it keeps.
    public var mesh = MeshSettings()
    /// Presence: beacons, silence and staleness limits, idle after (`Protocol/presence.md`).
    public var presence = PresenceSettings()
    /// Monotonic seconds, for pauses and retries; tests pass a manual clock.
    public var clock: @Sendable () -> Double = Node.monotonicSeconds
    /// Milliseconds since 1970, for hybrid logical clock readings; tests pass a manual clock.
    public var wallClock: @Sendable () -> UInt64 = Node.wallClockMilliseconds

    public init(
        folder: DataFolder, displayName: String, network: NetworkMembership, listen: PeerAddress?, peers: [PeerAddress],
        discovery: DiscoveryMode = .off, apps: AppRegistry
    ) {
        self.apps = apps
        self.folder = folder
        self.displayName = displayName
        self.network = network
        self.listen = listen
        self.peers = peers
        self.discovery = discovery
    }
}

/// One running Hearth node in one network: owns the op logs, the materialised state (through its
/// apps) and the mesh.
public actor Node {
    public nonisolated let identity: NodeIdentity
    public nonisolated let configuration: NodeConfiguration
    nonisolated let store: HearthStore
    public nonisolated let mesh: Mesh
    /// The node's log; apps write what a user should see in it (e.g. work they could not do).
    public nonisolated let logger: Logger
    nonisolated let pipeline: OpPipeline
    public nonisolated let startedAt = Date()
    /// This node's own presence status as shown (online, idle, away, dnd), for the apps.
    nonisolated let ownStatus = Mutex("online")
    /// Whether the user set the game shown in this node's presence (then no app changes it).
    nonisolated let userChoseGame = Mutex(false)
    /// The name this node goes by now: `configuration.displayName` until a rename.
    nonisolated let currentName: Mutex<String>

    var heads: VersionVector<NodeID>
    /// Hash and clock reading of each author's latest stored change, filled as changes are
    /// stored or looked up.
    var chainHeads: [NodeID: ChainHead] = [:]
    var clock: HybridLogicalClock
    /// Received changes waiting for their predecessors or deps.
    var pending = CausalBuffer<DecodedChange>()
    var pendingCount: Int { pending.count }
    /// Counts additions to `pending`, so an ingest pass knows whether changes arrived meanwhile.
    var pendingGeneration: UInt64 = 0
    var lastPendingExpiry = 0.0
    /// Log throttle for changes the buffer refused, per author.
    var bufferRefusals = LogThrottle(window: 60)
    var isIngesting = false
    var eventHub: EventHub
    var ownLog: OwnLog
    var storeRetry = StoreRetry()
    /// Log throttle for changes dated too far ahead, per author.
    var earlyChanges = LogThrottle(window: 60)
    var appStartup: Task<Void, Never>?
    /// Local changes waiting to be signed and stored together, and the task storing them.
    var commitQueue: [QueuedCommit] = []
    var commitDrain: Task<Void, Never>?
    var signingWaiters: [CheckedContinuation<Void, Never>] = []
    var holdWaiters: [(key: ChangeKey, waiter: CheckedContinuation<Void, Never>)] = []
    var discovery: NodeDiscovery?

    /// Most received changes stored in one transaction, so a retry never grows without bound.
    static let applyBatchLimit = 2_000
    /// A batch of at most this many received changes, with at most `inlineOpLimit` ops in all,
    /// each of an app that applies cheaply, is stored on the node's own thread when the writer is
    /// idle: the transaction is then shorter than the two thread wake-ups of a hop to the store's
    /// writer thread and back.
    static let inlineApplyLimit = 16
    static let inlineOpLimit = 64

    /// Opens the data folder and database, and applies stored ops of kinds an app learnt since
    /// they arrived; nothing touches the network until `start`.
    /// - Throws: `NodeError` when the identity or database cannot be opened.
    public init(configuration: NodeConfiguration, logger: Logger) throws {
        try configuration.folder.create()
        let (identity, identityIsNew) = try configuration.folder.loadOrCreateIdentity()
        let path = configuration.folder.databasePath(network: configuration.network.name)
        let store: HearthStore
        do {
            store = try HearthStore(path: path, migrations: configuration.apps.migrations)
        } catch let error as StoreError {
            throw NodeError.opening(error, folder: configuration.folder, network: configuration.network.name)
        }
        let pipeline = OpPipeline(registry: configuration.apps, identity: identity, logger: logger)
        var heads = VersionVector<NodeID>()
        var lastHLC: UInt64 = 0
        var ownLogKnown = identityIsNew || configuration.network.isNew
        let replayed: Int
        do {
            let writer = try store.write { context in
                let recorded = try context.nodeState(NodeStateKey.identity)
                if recorded == nil { try context.setNodeState(NodeStateKey.identity, to: identity.id.bytes) }
                if ownLogKnown { try context.setNodeState(NodeStateKey.ownLogKnown, to: [1]) }
                ownLogKnown = try context.nodeState(NodeStateKey.ownLogKnown) != nil
                return recorded
            }
            if let writer, writer != identity.id.bytes {
                throw NodeError(
                    .dataFolder,
                    "the database \(path) was written by node \((try? NodeID(bytes: writer))?.short ?? "?"), but \(configuration.folder.path)/identity.key is node \(identity.id.short). Restore the identity.key that belongs with it, or move \(configuration.folder.networkFolder(configuration.network.name).path) aside and join again"
                )
            }
            replayed = try store.write { context in try pipeline.replayDeferred(in: context) }
            try store.read { context in
                for (author, seq) in try context.heads() {
                    if let id = try? NodeID(bytes: author) { heads.advance(id, to: seq) }
                }
                if let own = heads.entries[identity.id], own > 0 {
                    lastHLC = try context.changes(author: identity.id.bytes, in: own...own, limit: 1).first?.hlc ?? 0
                }
            }
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.storage, "cannot read the database \(path): \(error)")
        }
        if replayed > 0 { logger.info("applied stored ops of newly known kinds", metadata: ["ops": "\(replayed)"]) }
        self.identity = identity
        self.configuration = configuration
        currentName = Mutex(configuration.displayName)
        self.logger = logger
        self.store = store
        self.pipeline = pipeline
        self.heads = heads
        ownLog = OwnLog(known: ownLogKnown || heads[identity.id] > 0)
        if !ownLog.canSign {
            logger.notice(
                "this node's key is older than its database of this network: learning its own log from peers before signing"
            )
        }
        clock = HybridLogicalClock(last: HLCTimestamp(rawValue: lastHLC))
        eventHub = EventHub(startMicroseconds: configuration.wallClock() * 1000)
        var meshConfiguration = MeshConfiguration(
            listen: configuration.listen, staticPeers: configuration.peers, displayName: configuration.displayName)
        meshConfiguration.settings = configuration.mesh
        meshConfiguration.presence = configuration.presence
        mesh = Mesh(
            identity: identity, networkKey: configuration.network.key, configuration: meshConfiguration, logger: logger)
    }

    /// Lets each app do its start-up work (such as publishing the profile), then starts
    /// networking. A node still learning its own log from peers runs the apps' start-up work
    /// once it may sign.
    /// - Throws: the socket error when the listen address cannot be bound; an app's start-up error.
    public func start() async throws {
        if ownLog.canSign { try await startApps() }
        try await mesh.start(delegate: self)
        await startDiscovery()
    }

    private func startApps() async throws {
        for app in configuration.apps.apps { try await app.started(on: self) }
    }

    /// Signing became possible: record it, and run the apps' start-up work.
    func signingOpened() {
        logger.info("learnt this node's own log from peers; signing", metadata: ["seq": "\(heads[identity.id])"])
        try? store.write { try $0.setNodeState(NodeStateKey.ownLogKnown, to: [1]) }
        for waiter in signingWaiters { waiter.resume() }
        signingWaiters.removeAll()
        appStartup = Task {
            do {
                try await self.startApps()
            } catch {
                self.logger.error("an app's start-up failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Returns once this node may sign (at once, unless it is learning its own log from peers).
    public func waitUntilSigning() async {
        guard !ownLog.canSign else { return }
        await withCheckedContinuation { signingWaiters.append($0) }
    }

    /// Returns once this node holds change `key` (at once if it does), or when it stops.
    public func waitUntilHolding(_ key: ChangeKey) async {
        guard heads[key.author] < key.seq else { return }
        await withCheckedContinuation { holdWaiters.append((key, $0)) }
    }

    func resumeHoldWaiters() {
        holdWaiters.removeAll { entry in
            guard heads[entry.key.author] >= entry.key.seq else { return false }
            entry.waiter.resume()
            return true
        }
    }

    /// Says goodbye on the LAN and to peers, and ends every event stream.
    public func stop() async {
        appStartup?.cancel()
        for app in configuration.apps.apps { await app.stopping(on: self) }
        await commitDrain?.value
        for waiter in signingWaiters { waiter.resume() }
        signingWaiters.removeAll()
        for entry in holdWaiters { entry.waiter.resume() }
        holdWaiters.removeAll()
        await discovery?.stop()
        await mesh.shutdown()
        eventHub.finishAll()
    }

    // MARK: Clocks

    /// Seconds on the system's monotonic clock (never jumps with the wall clock).
    @Sendable public static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - processStart
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    private static let processStart = ContinuousClock.now

    /// Milliseconds since 1970 on the wall clock.
    @Sendable public static func wallClockMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    // MARK: Reading

    /// Runs `body` on a consistent snapshot of the store, for apps' queries.
    /// - Throws: what `body` throws; a database failure as `NodeError.storage`.
    public nonisolated func read<T>(_ body: (StoreContext) throws -> T) throws -> T {
        do {
            return try store.read(body)
        } catch let error as NodeError {
            throw error
        } catch let error as AppRejection {
            throw error
        } catch {
            throw NodeError(.storage, "\(error)")
        }
    }

    /// Writes an app's node-local state (read markers, settings: what is never an op) in one
    /// transaction of its own, off the caller's executor.
    /// - Throws: what `body` throws; a database failure as `NodeError.storage`.
    public nonisolated func writeLocal(_ body: @escaping @Sendable (StoreContext) throws -> Void) async throws {
        do {
            try await store.write(body)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.storage, "\(error)")
        }
    }

    // MARK: Events

    /// A stream of what happens on this node, until the node stops, the consumer cancels, or the
    /// consumer falls too far behind (the stream then ends with a `resync` event).
    /// - Parameter since: resume after this event's `seq`: the kept events after it come first
    ///   (a lone `resync` if they are no longer kept).
    public func events(since: UInt64? = nil) -> AsyncStream<NodeEvent> {
        eventHub.subscribe(since: since, now: configuration.clock()) { [weak self] id in
            Task { await self?.unsubscribe(id) }
        }
    }

    /// `events(since:)`, and the `seq` of the latest event before the stream's first, taken in the
    /// same step: a client that has seen no event yet resumes after it.
    public func eventsWithLatest(since: UInt64? = nil) -> (latest: UInt64, events: AsyncStream<NodeEvent>) {
        (eventHub.lastSeq, events(since: since))
    }

    private func unsubscribe(_ id: UUID) { eventHub.leave(id, now: configuration.clock()) }

    /// Numbers and sends events to every subscriber.
    func publish(_ events: [AppEvent]) {
        eventHub.publish(events, now: configuration.clock())
    }

    /// Sends events about what changed outside a transaction of ops (an app's node-local state,
    /// such as read markers), numbered in line with the others.
    public func emit(_ events: [AppEvent]) {
        guard eventHub.wantsEvents(now: configuration.clock()) else { return }
        publish(events)
    }
}
