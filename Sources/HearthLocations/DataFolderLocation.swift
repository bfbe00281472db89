import Foundation

/// Where a node's data folder is, and the files in it that a client reads to find and talk to
/// the running node (its API address and token). The node's side of the folder (keys, networks,
/// databases) is `DataFolder` in `HearthNode`; clients need only this, so they link no node code.
public struct DataFolderLocation: Sendable, Equatable {
    public let url: URL

    public init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// `--data`, else `HEARTH_DATA`, else `$XDG_DATA_HOME/hearth`, else `~/.local/share/hearth`.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataFolderLocation
    {
        if let explicit, !explicit.isEmpty { return DataFolderLocation(path: explicit) }
        if let fromEnvironment = environment["HEARTH_DATA"], !fromEnvironment.isEmpty {
            return DataFolderLocation(path: fromEnvironment)
        }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return DataFolderLocation(path: base + "/hearth")
    }

    public var path: String { url.path }
    /// The control API's bearer token, mode 0600.
    public var apiTokenPath: String { url.appendingPathComponent("api-token").path }
    /// Where the running node's API listens (`APIInfo`); removed on a clean stop.
    public var apiInfoPath: String { url.appendingPathComponent("api.json").path }
}

/// Where a running node's API listens; written by `hearth up` into the data folder.
public struct APIInfo: Codable, Sendable {
    public var url: String
    public var pid: Int32

    public init(url: String, pid: Int32) {
        self.url = url
        self.pid = pid
    }
}
