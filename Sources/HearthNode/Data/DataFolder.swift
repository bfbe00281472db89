import Foundation
import HearthCrypto

/// The node's data folder: identity, API token and address, and one folder per network.
///
/// ```
/// DIR/identity.key             Ed25519 seed, 32 bytes, mode 0600
/// DIR/api-token                bearer token of the control API, mode 0600
/// DIR/api.json                 where the running node's API listens (removed on clean stop)
/// DIR/current-network          name of the network `hearth up` uses by default
/// DIR/networks/NAME/network.key  the network key, 32 bytes, mode 0600
/// DIR/networks/NAME/hearth.sqlite  the network's database (WAL)
/// ```
public struct DataFolder: Sendable {
    public let url: URL

    public init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// `--data`, else `HEARTH_DATA`, else `$XDG_DATA_HOME/hearth`, else `~/.local/share/hearth`.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataFolder
    {
        if let explicit, !explicit.isEmpty { return DataFolder(path: explicit) }
        if let fromEnvironment = environment["HEARTH_DATA"], !fromEnvironment.isEmpty {
            return DataFolder(path: fromEnvironment)
        }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return DataFolder(path: base + "/hearth")
    }

    public var path: String { url.path }
    public var apiTokenPath: String { url.appendingPathComponent("api-token").path }
    public var apiInfoPath: String { url.appendingPathComponent("api.json").path }
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
    /// - Throws: `NodeError.dataFolder` when the key file is unreadable or damaged.
    public func loadOrCreateIdentity() throws -> NodeIdentity {
        if var seed = try SecretFile.read(identityPath) {
            do {
                return try NodeIdentity(seed: &seed)
            } catch {
                throw NodeError(.dataFolder, "\(identityPath) is damaged (\(error)); restore it from a backup")
            }
        }
        let identity = NodeIdentity.generate()
        var seed = identity.exportSeed()
        defer { wipe(&seed) }
        try SecretFile.write(seed, to: identityPath)
        return identity
    }

    /// The networks this node has joined.
    public func joinedNetworks() -> [String] {
        let folder = url.appendingPathComponent("networks").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The stored key of network `name`, if joined.
    func networkKey(_ name: String) throws -> NetworkKey? {
        guard var bytes = try SecretFile.read(networkFolder(name).appendingPathComponent("network.key").path) else {
            return nil
        }
        return try NetworkKey(bytes: &bytes)
    }

    func saveNetworkKey(_ key: NetworkKey, for name: String) throws {
        let folder = networkFolder(name)
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var bytes = key.exportBytes()
        defer { wipe(&bytes) }
        try SecretFile.write(bytes, to: folder.appendingPathComponent("network.key").path)
    }

    var currentNetwork: String? {
        get {
            (try? String(contentsOfFile: currentNetworkPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func setCurrentNetwork(_ name: String) throws {
        try Data(name.utf8).write(to: URL(fileURLWithPath: currentNetworkPath), options: .atomic)
    }

    func databasePath(network: String) -> String {
        networkFolder(network).appendingPathComponent("hearth.sqlite").path
    }
}
