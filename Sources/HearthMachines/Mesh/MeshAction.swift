import HearthCRDT
import HearthCrypto

/// What the mesh machine asks its driver to do.
public enum MeshAction: Sendable, Equatable {
    /// Open a TCP connection to `address` and run the handshake as initiator.
    case dial(ConnectionID, PeerAddress)
    case send(ConnectionID, MeshMessage)
    /// Send a `SyncRequest` with the node's current version vector.
    case requestSync(ConnectionID, requestID: UInt64)
    /// Answer a `SyncRequest`: the changes `have` lacks, then `SyncDone` (`Protocol/sync.md`);
    /// report what was sent with `changesSent`.
    case answerSync(ConnectionID, have: VersionVector<NodeID>, requestID: UInt64)
    /// Push the changes at these positions of the broadcast's keys, with `pushed = true`.
    case pushChanges(ConnectionID, [Int])
    /// Send an `ErrorReport` (when `code` is given) and a `Goodbye`, then close once written.
    case close(ConnectionID, code: UInt32?, reason: String)
    /// Drop the connection at once (a handshake that stalled: nothing can be sent on it).
    case abort(ConnectionID)
    case linkUp(LinkSummary)
    case linkDown(LinkSummary, reason: String)
    case log(MeshLog)
}

/// One authenticated link, as the driver shows it.
public struct LinkSummary: Sendable, Equatable {
    public var connection: ConnectionID
    public var peer: NodeID
    public var name: String
    /// The remote end of the connection.
    public var address: PeerAddress
    public var direction: LinkDirection
    /// The latest ping's round trip, in seconds.
    public var roundTrip: Double?
}

/// A line for the node's log; the driver hands it to its `Logger`.
public struct MeshLog: Sendable, Equatable {
    public enum Level: Sendable, Equatable { case debug, info, notice, warning }

    public var level: Level
    public var message: String
    public var metadata: [String: String]

    public init(_ level: Level, _ message: String, _ metadata: [String: String] = [:]) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }
}
