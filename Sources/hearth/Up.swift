import ArgumentParser
import Foundation
import HearthAPI
import HearthClient
import HearthLocations
import HearthNet
import HearthNode
import Logging
import ServiceLifecycle

struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a node in the foreground until SIGINT or SIGTERM.",
        discussion: """
            With no network given on first start, creates one and prints its invite. The passphrase is read \
            from --passphrase, --passphrase-file or HEARTH_PASSPHRASE; the data folder from --data or HEARTH_DATA.
            """)

    @Option(help: "The node's data folder (default: $HEARTH_DATA or $XDG_DATA_HOME/hearth).") var data: String?
    @Option(help: "Your display name (default: the host name).") var name: String?
    @Option(help: "The network to join or create.") var network: String?
    @Option(help: "The network's passphrase (prefer --passphrase-file or HEARTH_PASSPHRASE).") var passphrase: String?
    @Option(name: .customLong("passphrase-file"), help: "A file holding the passphrase.") var passphraseFile: String?
    @Option(help: "Join with an invite (hearth://join/NAME?k=KEY) instead of name and passphrase.") var join: String?
    @Option(help: "Accept links on HOST:PORT.") var listen = "0.0.0.0:7070"
    @Option(
        help:
            "Serve the control API and web UI on HOST:PORT (loopback only; port 0: last time's if free, else a free one)."
    ) var api =
        "127.0.0.1:0"
    @Option(help: "Keep a link to this peer (repeatable).") var peer: [String] = []
    @Option(help: "LAN discovery: auto, builtin or off (default: $HEARTH_MDNS, else auto).") var mdns: String?
    @Option(
        name: .customLong("max-links"),
        help: "The most links to keep (default 12; the node dials peers while it has fewer than this minus 2).")
    var maxLinks: Int?
    @Option(
        name: .customLong("idle-after"),
        help: "Minutes without activity (CLI, API, UI) before this node shows idle; 0 never (default 5).")
    var idleAfter: Double?
    @Flag(
        name: .customLong("desktop-notifications"),
        help: "Show new notifications on the desktop with notify-send (not while your status is dnd).")
    var desktopNotifications = false
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.") var logLevel = "info"

    func validate() throws {
        if join != nil && (network != nil || passphrase != nil || passphraseFile != nil) {
            throw ValidationError("give either --join or --network with a passphrase, not both")
        }
        if passphrase != nil && passphraseFile != nil {
            throw ValidationError("give either --passphrase or --passphrase-file, not both")
        }
        if let idleAfter, idleAfter < 0 || !idleAfter.isFinite {
            throw ValidationError("--idle-after is a number of minutes, 0 or more")
        }
        guard PeerAddress(listen, defaultPort: 7070) != nil else {
            throw ValidationError("--listen '\(listen)' is not HOST:PORT")
        }
        guard let apiAddress = PeerAddress(api, defaultPort: 0),
            ["127.0.0.1", "localhost", "::1"].contains(apiAddress.host)
        else {
            throw ValidationError(
                "--api must be a loopback address such as 127.0.0.1:7071: the control API is local only")
        }
        for address in peer where PeerAddress(address, defaultPort: 7070) == nil {
            throw ValidationError("--peer '\(address)' is not HOST:PORT")
        }
        guard discoveryMode != nil else {
            throw ValidationError("--mdns (or HEARTH_MDNS) is auto, builtin or off, not '\(requestedMode)'")
        }
    }

    private var requestedMode: String { mdns ?? ProcessInfo.processInfo.environment["HEARTH_MDNS"] ?? "auto" }
    private var discoveryMode: DiscoveryMode? { DiscoveryMode(rawValue: requestedMode) }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "hearth")
        if let maxLinks, maxLinks < 1 {
            FileHandle.standardError.write(Data("hearth: --max-links must be at least 1\n".utf8))
            throw ExitCode.failure
        }
        let folder = DataFolder.resolve(explicit: data)
        let node: Node
        let lock: DataFolderLock
        do {
            try folder.create()
            lock = try DataFolderLock(folder)
            let membership = try NetworkMembership.resolve(
                folder: folder, network: network, passphrase: try readPassphrase(), invite: join)
            var configuration = NodeConfiguration(
                folder: folder, displayName: name ?? Self.savedName(in: folder) ?? Self.defaultName(),
                network: membership,
                listen: PeerAddress(listen, defaultPort: 7070),
                peers: peer.compactMap { PeerAddress($0, defaultPort: 7070) }, discovery: discoveryMode ?? .off,
                apps: try InstalledApps.registry())
            if let maxLinks { configuration.mesh = MeshSettings(maxLinks: maxLinks) }
            if let idleAfter { configuration.presence.idleAfter = idleAfter * 60 }
            node = try Node(configuration: configuration, logger: logger)
        } catch let error as NodeError {
            FileHandle.standardError.write(Data("hearth: \(error.message)\n".utf8))
            throw ExitCode.failure
        }
        // Links first: a listen address that cannot be bound is reported before anything says "ready".
        do {
            try await node.start()
        } catch {
            FileHandle.standardError.write(Data("hearth: \(error)\n".utf8))
            await node.stop()
            throw ExitCode.failure
        }
        let token = try APIToken.loadOrCreate(in: folder)
        let apiAddress = PeerAddress(api, defaultPort: 0)!
        let apiPort =
            apiAddress.host == "::1"
            ? apiAddress.port
            : APIPort.preferred(apiAddress.port, host: apiAddress.host, folder: folder.path)
        let app = ControlAPI(node: node, token: token).application(
            host: apiAddress.host, port: apiPort, logger: logger
        ) { port in
            APIPort.remember(port, folder: folder.path)
            let info = APIInfo(url: "http://\(apiAddress.host):\(port)", pid: getpid())
            try? JSONEncoder().encode(info).write(to: URL(fileURLWithPath: folder.apiInfoPath), options: .atomic)
            await Self.banner(node: node, apiURL: info.url, desktopNotifications: desktopNotifications)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: NodeService(node: node)), .init(service: app),
        ]
        if desktopNotifications {
            services.append(
                .init(service: DesktopNotifier(node: node, logger: logger), successTerminationBehavior: .ignore))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // This process holds the folder's lock, so api.json is its own to remove.
        defer {
            try? FileManager.default.removeItem(atPath: folder.apiInfoPath)
            withExtendedLifetime(lock) {}
        }
        do {
            try await group.run()
        } catch {
            let explained: any Error =
                ListenError.isBindFailure(error) ? ListenError(error, address: api, option: "--api") : error
            FileHandle.standardError.write(Data("hearth: \(explained)\n".utf8))
            await node.stop()
            throw ExitCode.failure
        }
    }

    private func readPassphrase() throws -> String? {
        if let passphrase { return passphrase }
        if let passphraseFile {
            guard let contents = FileManager.default.contents(atPath: passphraseFile) else {
                throw NodeError(.invalidArgument, "cannot read the passphrase file \(passphraseFile)")
            }
            var text = String(decoding: contents, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
        if network != nil, let fromEnvironment = ProcessInfo.processInfo.environment["HEARTH_PASSPHRASE"] {
            return fromEnvironment
        }
        return nil
    }

    /// The name last set from the web UI or the API (`PUT /v1/profile`), if any.
    static func savedName(in folder: DataFolder) -> String? {
        guard let data = FileManager.default.contents(atPath: folder.displayNamePath) else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    static func defaultName() -> String {
        let host = ProcessInfo.processInfo.hostName
        return host.isEmpty ? "hearth" : String(host.prefix(64))
    }

    static func banner(node: Node, apiURL: String, desktopNotifications: Bool) async {
        let status = try? await node.status()
        var lines = [
            "hearth node \(node.displayName) (\(node.identity.id))",
            "network     \(node.configuration.network.name)",
            "listening   \(status?.listen ?? "no")",
            "control API \(apiURL)",
            "web UI      run 'hearth ui' to open it",
            "data folder \(node.configuration.folder.path)",
            desktopNotifications
                ? "notices     on the desktop too (notify-send)"
                : "notices     'hearth notifications' (add --desktop-notifications for desktop pop-ups)",
        ]
        if status?.signing == false {
            lines.append("learning this node's own log from peers before signing (its database is new, its key is not)")
        }
        if node.configuration.network.isNew {
            lines.append("created a new network; others join it with:")
            lines.append("  hearth up --join '\(node.configuration.network.invite)'")
        }
        print(lines.joined(separator: "\n"))
        print("ready")
        fflush(nil)
    }
}

/// The started node as a service: waits for shutdown, then stops it cleanly.
struct NodeService: Service {
    let node: Node

    func run() async throws {
        try? await gracefulShutdown()
        await node.stop()
    }
}
