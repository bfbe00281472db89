import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthStore
import HearthWire
import Logging

/// How a node is started.
public struct NodeConfiguration: Sendable {
    public var folder: DataFolder
    public var displayName: String
    public var network: NetworkMembership
    public var listen: PeerAddress?
    public var peers: [PeerAddress]
    public var discovery: DiscoveryMode

    public init(
        folder: DataFolder, displayName: String, network: NetworkMembership, listen: PeerAddress?, peers: [PeerAddress],
        discovery: DiscoveryMode = .off
    ) {
        self.folder = folder
        self.displayName = displayName
        self.network = network
        self.listen = listen
        self.peers = peers
        self.discovery = discovery
    }
}

/// One running Hearth node in one network: owns the op logs, the materialised state and the mesh.
public actor Node {
    public nonisolated let identity: NodeIdentity
    public nonisolated let configuration: NodeConfiguration
    nonisolated let store: HearthStore
    public nonisolated let mesh: Mesh
    nonisolated let logger: Logger
    public nonisolated let startedAt = Date()

    var heads: VersionVector<NodeID>
    /// Hash of each author's latest stored change, filled as changes are stored or looked up.
    var headHashes: [NodeID: [UInt8]] = [:]
    var clock: HybridLogicalClock
    var pending: [NodeID: [UInt64: DecodedChange]] = [:]
    var pendingCount = 0
    var names: [NodeID: String] = [:]
    var subscribers: [UUID: AsyncStream<NodeEvent>.Continuation] = [:]
    var discovery: NodeDiscovery?

    /// Most changes held while waiting for their predecessors or dependencies.
    static let pendingLimit = 500_000

    /// Opens the data folder and database; nothing touches the network until `start`.
    /// - Throws: `NodeError` when the identity or database cannot be opened.
    public init(configuration: NodeConfiguration, logger: Logger) throws {
        try configuration.folder.create()
        let identity = try configuration.folder.loadOrCreateIdentity()
        let store: HearthStore
        do {
            store = try HearthStore(path: configuration.folder.databasePath(network: configuration.network.name))
        } catch {
            throw NodeError(.storage, "\(error)")
        }
        var heads = VersionVector<NodeID>()
        var names: [NodeID: String] = [:]
        var lastHLC: UInt64 = 0
        try store.read { context in
            for (author, seq) in try context.heads() {
                if let id = try? NodeID(bytes: author) { heads.advance(id, to: seq) }
            }
            for (author, name) in try context.profileNames() {
                if let id = try? NodeID(bytes: author) { names[id] = name }
            }
            if let own = heads.entries[identity.id], own > 0 {
                lastHLC = try context.changes(author: identity.id.bytes, in: own...own, limit: 1).first?.hlc ?? 0
            }
        }
        self.identity = identity
        self.configuration = configuration
        self.logger = logger
        self.store = store
        self.heads = heads
        self.names = names
        clock = HybridLogicalClock(last: HLCTimestamp(rawValue: lastHLC))
        mesh = Mesh(
            identity: identity, networkKey: configuration.network.key,
            configuration: MeshConfiguration(
                listen: configuration.listen, staticPeers: configuration.peers, displayName: configuration.displayName),
            logger: logger)
    }

    /// Publishes the profile if the name changed, then starts networking.
    /// - Throws: the socket error when the listen address cannot be bound.
    public func start() async throws {
        if names[identity.id] != configuration.displayName {
            _ = try await commitLocal(
                ops: [WireOp.with { $0.profileSet = .with { $0.displayName = configuration.displayName } }], deps: [])
        }
        try await mesh.start(delegate: self)
        await startDiscovery()
    }

    /// Says goodbye on the LAN and to peers, and ends every event stream.
    public func stop() async {
        await discovery?.stop()
        await mesh.shutdown()
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers.removeAll()
    }

    // MARK: Local changes

    /// Signs, stores and pushes a change holding `ops`; returns what applying them did.
    /// The change is committed before this returns, so it survives a crash from then on.
    /// - Throws: `NodeError.invalidArgument` when an op breaks a rule, `NodeError.storage` on a
    ///   database failure (nothing is kept then).
    func commitLocal(ops: [WireOp], deps: [ChangeKey]) async throws -> [AppliedEffect] {
        let seq = heads[identity.id] + 1
        let previousHash =
            try headHashes[identity.id]
            ?? store.read { try Self.storedHash(of: identity.id, seq: seq - 1, in: $0) }
        let hlc = clock.tick(physicalMilliseconds: Self.nowMilliseconds())
        let body = WireChangeBody.with {
            $0.author = Data(identity.id.bytes)
            $0.seq = seq
            $0.hlc = hlc.rawValue
            $0.deps = deps.filter { $0.author != identity.id }.map { dep in
                WireChangeRef.with {
                    $0.author = Data(dep.author.bytes)
                    $0.seq = dep.seq
                }
            }
            $0.ops = ops
            $0.prev = Data(previousHash)
        }
        let bodyBytes: [UInt8] = try body.serializedBytes()
        let signature = identity.sign(ProtocolConstants.signingInput(forChangeBody: bodyBytes))
        let stored = StoredChange(
            author: identity.id.bytes, seq: seq, hlc: hlc.rawValue, body: bodyBytes, signature: signature)
        let effects: [AppliedEffect]
        do {
            effects = try store.write(durable: true) { context in
                try context.insertChange(stored)
                let applier = ChatApplier(context: context)
                var effects: [AppliedEffect] = []
                for (index, op) in ops.enumerated() {
                    if let effect = try applier.apply(
                        op, author: stored.author, seq: seq, index: UInt32(index), hlc: hlc.rawValue)
                    {
                        effects.append(effect)
                    }
                }
                try context.setHead(author: stored.author, seq: seq)
                return effects
            }
        } catch let rejection as ChatApplier.Rejection {
            throw NodeError(.invalidArgument, rejection.description)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.storage, "could not store the change: \(error)")
        }
        heads.advance(identity.id, to: seq)
        headHashes[identity.id] = contentHash(bodyBytes, signature)
        publish(effects)
        let keyed = KeyedChange(
            key: ChangeKey(author: identity.id, seq: seq),
            signed: .with {
                $0.body = Data(bodyBytes)
                $0.signature = Data(signature)
            })
        await mesh.broadcast([keyed], except: nil)
        return effects
    }

    static func nowMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    // MARK: Events

    /// A live stream of what happens on this node, until the node stops or the consumer cancels.
    public func events() -> AsyncStream<NodeEvent> {
        let (stream, continuation) = AsyncStream<NodeEvent>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    func emit(_ event: NodeEvent) {
        for subscriber in subscribers.values { subscriber.yield(event) }
    }

    func publish(_ effects: [AppliedEffect]) {
        for effect in effects {
            switch effect {
            case .profile(let author, let name):
                if let id = try? NodeID(bytes: author) { names[id] = name }
            case .channel(let record):
                // Building an event costs a query; skip it when nobody listens (catch-up, mostly).
                if !subscribers.isEmpty, let channel = try? chatChannel(record) { emit(.channel(channel)) }
            case .message(let record):
                if !subscribers.isEmpty, let message = try? chatMessage(record) { emit(.message(message)) }
            }
        }
    }
}
