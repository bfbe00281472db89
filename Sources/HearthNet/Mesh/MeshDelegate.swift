import HearthCRDT
import HearthCrypto
import HearthWire

/// What the mesh needs from the node that owns the op logs.
public protocol MeshDelegate: Sendable {
    /// The node's current version vector.
    func versionVector() async -> VersionVector<NodeID>
    /// Stored changes of `author` with seq in `range`, in order, at most `limit`.
    func storedChanges(author: NodeID, in range: ClosedRange<UInt64>, limit: Int) async -> [KeyedChange]
    /// Verifies and stores changes received from `peer`; returns the keys of those that are valid
    /// (new or already held), which the peer therefore holds.
    func receive(_ changes: [WireSignedChange], from peer: NodeID) async -> [ChangeKey]
    func linkOpened(_ info: LinkInfo) async
    func linkClosed(_ info: LinkInfo, reason: String) async
}

/// Settings of the mesh.
public struct MeshConfiguration: Sendable {
    /// Where to accept links; nil to accept none.
    public var listen: PeerAddress?
    /// Addresses to keep a link to, reconnecting with backoff.
    public var staticPeers: [PeerAddress]
    public var displayName: String
    /// A ping goes out this often; it also measures the round-trip time.
    public var keepaliveInterval: Duration = .seconds(5)
    /// A link that has received nothing for this long is dead.
    public var deadAfter: Duration = .seconds(15)

    public init(listen: PeerAddress?, staticPeers: [PeerAddress], displayName: String) {
        self.listen = listen
        self.staticPeers = staticPeers
        self.displayName = displayName
    }
}
