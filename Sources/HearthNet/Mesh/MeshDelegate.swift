import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthWire

/// What the mesh needs from the node that owns the op logs.
public protocol MeshDelegate: Sendable {
    /// The node's current version vector.
    func versionVector() async -> VersionVector<NodeID>
    /// Stored changes of `author` with seq in `range`, in order, at most `limit`.
    func storedChanges(author: NodeID, in range: ClosedRange<UInt64>, limit: Int) async -> [KeyedChange]
    /// Verifies and stores changes received from `peer`; says which were new and which were
    /// already held (the peer holds both kinds; invalid changes are in neither).
    func receive(_ changes: [WireSignedChange], from peer: NodeID) async -> ReceivedChanges
    func linkOpened(_ info: LinkInfo) async
    func linkClosed(_ info: LinkInfo, reason: String) async
    /// `peer` announced what it holds (its `SyncRequest`), before it is answered.
    func peerAnnounced(_ vector: VersionVector<NodeID>, from peer: NodeID) async
    /// How a node shows in this node's presence view changed (online or not, status, text, game).
    func presenceChanged(_ entry: PresenceEntry) async
    /// Another node started or stopped typing, or its focus changed.
    func signalArrived(_ event: SignalEvent) async
}

extension MeshDelegate {
    public func peerAnnounced(_ vector: VersionVector<NodeID>, from peer: NodeID) async {}
    public func presenceChanged(_ entry: PresenceEntry) async {}
    public func signalArrived(_ event: SignalEvent) async {}
}

/// Settings of the mesh.
public struct MeshConfiguration: Sendable {
    /// Where to accept links; nil to accept none.
    public var listen: PeerAddress?
    /// Addresses to keep a link to, reconnecting with backoff.
    public var staticPeers: [PeerAddress]
    public var displayName: String
    /// Timers and limits: pings, timeouts, the active view (`Protocol/sync.md`).
    public var settings = MeshSettings()
    /// Beacons, silence and staleness limits, idle (`Protocol/presence.md`).
    public var presence = PresenceSettings()

    public init(listen: PeerAddress?, staticPeers: [PeerAddress], displayName: String) {
        self.listen = listen
        self.staticPeers = staticPeers
        self.displayName = displayName
    }
}

/// What a batch of received changes turned out to be.
public struct ReceivedChanges: Sendable, Equatable {
    /// Valid changes this node did not have (stored, or waiting for their predecessors).
    public var fresh: [ChangeKey]
    /// Changes this node already held.
    public var duplicates: [ChangeKey]

    public init(fresh: [ChangeKey], duplicates: [ChangeKey]) {
        self.fresh = fresh
        self.duplicates = duplicates
    }
}
