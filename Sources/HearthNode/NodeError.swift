import HearthStore

/// An error a user can meet, with a stable code and a message that says what to do next.
public struct NodeError: Error, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable, Codable {
        case invalidArgument = "invalid_argument"
        case notFound = "not_found"
        /// Not this node's to do, e.g. editing another member's message.
        case permissionDenied = "permission_denied"
        case tooLarge = "too_large"
        case wrongPassphrase = "wrong_passphrase"
        case dataFolder = "data_folder"
        case storage = "storage"
        /// The node cannot do it yet (e.g. sign before it has learnt its own log); try again later.
        case unavailable = "unavailable"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension NodeError {
    /// Explains why a network's database cannot be opened, and what to do about it.
    static func opening(_ error: StoreError, folder: DataFolder, network: String) -> NodeError {
        let networkFolder = folder.networkFolder(network).path
        switch error.kind {
        case .previousFormat:
            return NodeError(
                .dataFolder,
                "the data of network '\(network)' in \(networkFolder) was written by an older Hearth (protocol 1), which this version can neither read nor sync with. Every node of the network needs this version; then move the old data aside to start afresh: mv '\(networkFolder)' '\(networkFolder).protocol-1' (then join again with the passphrase or invite)"
            )
        case .damaged:
            return NodeError(
                .dataFolder,
                "\(error.message). Stop every node that uses \(folder.path), then restore \(networkFolder)/hearth.sqlite from a backup, or move \(networkFolder) aside and join again to fetch the network's data from peers"
            )
        case .diskFull, .other:
            return NodeError(.storage, error.message)
        }
    }
}
