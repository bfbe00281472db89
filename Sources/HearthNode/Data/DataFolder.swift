import Foundation
import HearthCrypto
import HearthLocations

/// The node's data folder: identity, API token and address, and one folder per network.
///
/// ```
/// DIR/identity.key             Ed25519 seed, 32 bytes, mode 0600
/// DIR/lock                     held (flock) by the running node, holds its pid
/// DIR/api-token                bearer token of the control API, mode 0600
/// DIR/api.json                 where the running node's API listens (removed on clean stop)
/// DIR/ui-sessions              the web UI's signed-in browsers (hashes of their cookies), mode 0600
/// DIR/display-name             the name set from the web UI or API, used when `--name` is not given
/// DIR/api-port                 the control API's port last time, taken again when free (`hearth up`)
/// DIR/current-network          name of the network `hearth up` uses by default
/// DIR/networks/NAME/network.key  the network key, 32 bytes, mode 0600
/// DIR/networks/NAME/hearth.sqlite  the network's database (WAL)
/// ```
public struct DataFolder: Sendable {
    public let url: URL

    public init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    public init(_ location: DataFolderLocation) { url = location.url }

    /// `--data`, else `HEARTH_DATA`, else `$XDG_DATA_HOME/hearth`, else `~/.local/share/hearth`.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataFolder
    {
        DataFolder(DataFolderLocation.resolve(explicit: explicit, environment: environment))
    }

    /// The folder as clients see it: where to find the running node's API.
    public var location: DataFolderLocation { DataFolderLocation(path: path) }

    public var path: String { url.path }
    public var apiTokenPath: String { location.apiTokenPath }
    public var apiInfoPath: String { location.apiInfoPath }
    public var uiSessionsPath: String { url.appendingPathComponent("ui-sessions").path }
    public var displayNamePath: String { url.appendingPathComponent("display-name").path }
    var identityPath: String { url.appendingPathComponent("identity.key").path }
    var currentNetworkPath: String { url.appendingPathComponent("current-network").path }

    func networkFolder(_ name: String) -> URL {
        url.appendingPathComponent("networks", isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }

    /// Creates the folder (mode 0700) if needed.
    /// - Throws: `NodeError.dataFolder` when it cannot be created.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw NodeError(.dataFolder, "cannot create the data folder \(path): \(error.localizedDescription)")
        }
    }

    /// The node's identity, made and saved on first use.
    /// - Returns: the identity, and whether it was made now (a new key has no history anywhere).
    /// - Throws: `NodeError.dataFolder` when the key file is unreadable or damaged, or missing
    ///   from a folder that holds networks (their data was signed with the lost key).
    public func loadOrCreateIdentity() throws -> (identity: NodeIdentity, isNew: Bool) {
        if var seed = try SecretFile.read(identityPath) {
            guard seed.count == 32 else {
                throw NodeError(
                    .dataFolder,
                    "\(identityPath) is damaged (\(seed.count) bytes, not 32); restore it from a backup. Without it this node cannot sign as itself"
                )
            }
            do {
                return (try NodeIdentity(seed: &seed), false)
            } catch {
                throw NodeError(.dataFolder, "\(identityPath) is damaged (\(error)); restore it from a backup")
            }
        }
        let networks = joinedNetworks().filter { FileManager.default.fileExists(atPath: databasePath(network: $0)) }
        guard networks.isEmpty else {
            throw NodeError(
                .dataFolder,
                "\(identityPath) is missing, but \(path) holds the data of network\(networks.count == 1 ? "" : "s") \(networks.joined(separator: ", ")), signed with that key. Restore identity.key from a backup; or, to start over as a new node, move \(url.appendingPathComponent("networks").path) aside"
            )
        }
        let identity = NodeIdentity.generate()
        var seed = identity.exportSeed()
        defer { wipe(&seed) }
        try SecretFile.write(seed, to: identityPath)
        return (identity, true)
    }

    /// The networks this node has joined.
    public func joinedNetworks() -> [String] {
        let folder = url.appendingPathComponent("networks").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The stored key of network `name`, if joined.
    /// - Throws: `NodeError.dataFolder` when the key file is unreadable or damaged.
    func networkKey(_ name: String) throws -> NetworkKey? {
        let path = networkFolder(name).appendingPathComponent("network.key").path
        guard var bytes = try SecretFile.read(path) else { return nil }
        let count = bytes.count
        do {
            return try NetworkKey(bytes: &bytes)
        } catch {
            throw NodeError(
                .dataFolder,
                "\(path) is damaged (\(count) bytes, not 32). Restore it from a backup, or delete it and start again with the network's passphrase (--passphrase-file) or an invite (--join)"
            )
        }
    }

    func saveNetworkKey(_ key: NetworkKey, for name: String) throws {
        let folder = networkFolder(name)
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var bytes = key.exportBytes()
        defer { wipe(&bytes) }
        try SecretFile.write(bytes, to: folder.appendingPathComponent("network.key").path)
    }

    /// The network `hearth up` uses when none is given, from `DIR/current-network`.
    /// - Throws: `NodeError.dataFolder` when the file names no valid network.
    func currentNetwork() throws -> String? {
        guard let text = try? String(contentsOfFile: currentNetworkPath, encoding: .utf8) else { return nil }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try NetworkMembership.validate(name: name)
        } catch {
            throw NodeError(
                .dataFolder,
                "\(currentNetworkPath) names '\(name.prefix(80))', which is not a valid network name. Give --network NAME, or delete that file"
            )
        }
        return name
    }

    func setCurrentNetwork(_ name: String) throws {
        try Data(name.utf8).write(to: URL(fileURLWithPath: currentNetworkPath), options: .atomic)
    }

    func databasePath(network: String) -> String {
        networkFolder(network).appendingPathComponent("hearth.sqlite").path
    }
}
