import HearthCrypto
import HearthDiscovery
import HearthNet
import Logging

/// Discovery for one node: announces it, follows what the LAN shows, and hands the services of
/// its own network to the mesh as peers to dial. Services of other networks are only listed.
actor NodeDiscovery {
    private let backend: any ServiceDiscovery
    private let mesh: Mesh
    private let ownID: NodeID
    private let networkTag: String
    private var watcher: Task<Void, Never>?
    /// What the LAN shows now, other than this node.
    private(set) var seen: [HearthService] = []

    init(backend: any ServiceDiscovery, mesh: Mesh, ownID: NodeID, networkTag: String) {
        self.backend = backend
        self.mesh = mesh
        self.ownID = ownID
        self.networkTag = networkTag
    }

    func start(announcing service: HearthService) async {
        await backend.start(announcing: service)
        let updates = backend.services
        watcher = Task {
            for await services in updates { await self.update(services) }
        }
    }

    func stop() async {
        watcher?.cancel()
        await backend.stop()
    }

    private func update(_ services: [HearthService]) async {
        seen = services.filter { $0.nodeID != ownID.description }
        var candidates: [NodeID: [PeerAddress]] = [:]
        for service in seen where service.networkTag == networkTag {
            guard let id = try? NodeID(base32: service.nodeID) else { continue }
            candidates[id, default: []] += service.addresses.map { PeerAddress(host: "\($0)", port: Int(service.port)) }
        }
        await mesh.setCandidates(candidates)
    }
}

extension Node {
    /// Starts the configured discovery, on the interfaces the node listens on only (none for a
    /// loopback address: such a node sends no multicast at all).
    func startDiscovery() async {
        guard configuration.discovery != .off, let listen = configuration.listen,
            let port = await mesh.listeningPort
        else { return }
        let interfaces = NetworkInterfaces.forListenHost(listen.host)
        guard !interfaces.isEmpty else {
            logger.info("LAN discovery off: no multicast interface for \(listen.host)")
            return
        }
        do {
            let backend = try makeBackend(interfaces: interfaces, listenHost: listen.host)
            let short = identity.id.short
            let service = HearthService(
                instance: "\(configuration.displayName.prefix(40)) [\(short)]", host: DNSName("hearth-\(short).local"),
                port: UInt16(port), addresses: interfaces, nodeID: identity.id.description,
                networkTag: configuration.network.key.tag)
            let discovery = NodeDiscovery(
                backend: backend, mesh: mesh, ownID: identity.id, networkTag: configuration.network.key.tag)
            self.discovery = discovery
            await discovery.start(announcing: service)
            logger.info(
                "LAN discovery on",
                metadata: [
                    "interfaces": "\(interfaces.map(\.description))",
                    "backend": "\(backend is AvahiDiscovery ? "avahi" : "built-in")",
                ])
        } catch {
            let hint =
                configuration.discovery == .avahi
                ? "start an avahi-daemon, or use --mdns builtin"
                : "another program may hold UDP port 5353 without sharing it; try --mdns avahi, or --peer HOST:PORT"
            logger.warning("LAN discovery could not start: \(error); \(hint)")
        }
    }

    /// Avahi when asked for, or when automatic and a daemon answers; else the built-in responder.
    private func makeBackend(interfaces: [IPv4Address], listenHost: String) throws -> any ServiceDiscovery {
        let index = listenHost == "0.0.0.0" ? nil : interfaces.first.flatMap(NetworkInterfaces.index(of:))
        switch configuration.discovery {
        case .avahi:
            return try AvahiDiscovery(interfaceIndex: index, waitForDaemon: true, logger: logger)
        case .automatic:
            if let avahi = try? AvahiDiscovery(interfaceIndex: index, waitForDaemon: false, logger: logger) {
                return avahi
            }
            return try BuiltinMDNS(interfaces: interfaces, logger: logger)
        case .builtin, .off:
            return try BuiltinMDNS(interfaces: interfaces, logger: logger)
        }
    }

    /// Every Hearth node the LAN shows, of this network or another, and whether it is linked.
    public func discoveredPeers() async -> [DiscoveredPeer] {
        guard let discovery else { return [] }
        let linked = Set(await mesh.linkInfos().map(\.peer.description))
        let tag = configuration.network.key.tag
        return await discovery.seen.map { service in
            DiscoveredPeer(
                id: service.nodeID, name: service.instance,
                addresses: service.addresses.map { "\($0):\(service.port)" },
                sameNetwork: service.networkTag == tag, connected: linked.contains(service.nodeID))
        }
    }
}
