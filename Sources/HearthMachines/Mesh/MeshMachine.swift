import HearthCRDT
import HearthCrypto

/// The link layer of one node in one network, without I/O: which peers to dial, which links to
/// keep (a bounded active view over a passive view, as HyParView), handshake deadlines,
/// keepalive and round-trip times, the duplicate-link rule, sync scheduling, push trees and peer
/// exchange. Each event is a `mutating` method taking `now` (monotonic seconds) and, where a
/// choice is random, a random source; it returns the actions the driver must carry out. The
/// driver calls `tick` again at `nextWakeup`. Rules: `Protocol/sync.md`.
public struct MeshMachine: Sendable {
    struct Connection: Sendable {
        var direction: LinkDirection
        var address: PeerAddress
        var openedAt: Double
        /// For a dial: the node it is meant to reach (nil for a static address) and whether it
        /// is the rotation's dial.
        var expected: NodeID?
        var isStatic = false
        var isRotation = false
        /// What this node's Hello said, recorded when the driver asked for it.
        var sentCounts: LinkCounts?
        var link: Link?
        /// The handshake succeeded but the admission rule refused the link: the connection only
        /// waits for the responder's peer list and goodbye.
        var refusedPeer: NodeID?
        /// Set once the machine asked for the connection to be closed, and when a tick saw it.
        var closing: String?
        var closingSince: Double?
        /// What the peer's Goodbye or ErrorReport said, for the line logged when it ends.
        var peerReason: String?
        var peerCode: UInt32?
    }

    struct Link: Sendable {
        var hello: PeerHello
        var liveness: LinkLiveness
        var sync = SyncSession()
        /// The peer's live links, as its Hello and then its latest Ping said.
        var peerLinks: Int

        init(hello: PeerHello, liveness: LinkLiveness) {
            self.hello = hello
            self.liveness = liveness
            peerLinks = hello.counts.links
        }

        /// Whether the peer has more links than its target, so it can spare this one.
        var peerHasLinksToSpare: Bool {
            let target = LinkCounts.target(maxLinks: hello.counts.maxLinks)
            return target > 0 && peerLinks > target
        }
    }

    public let own: NodeID
    public let settings: MeshSettings
    var connections: [ConnectionID: Connection] = [:]
    /// Connections the machine asked to close (kept beside `connections`, so counting live links
    /// copies nothing).
    var closingLinks: Set<ConnectionID> = []
    /// When each connection next needs a tick (see `refreshWake`).
    var wakes: [ConnectionID: Double] = [:]
    /// The connection of each linked peer.
    var links: [NodeID: ConnectionID] = [:]
    var view: PeerView
    /// For each author, the peer whose push brought its latest new change: the author's push
    /// tree reaches this node through that link.
    var treeParents: [NodeID: NodeID] = [:]
    private var lastConnection: UInt64 = 0
    var nextPeerList = 0.0
    var nextRotation: Double
    var handshakeFailures = LogThrottle(window: 60)
    /// The line last logged for each throttled key, repeated when its skipped count is reported.
    var throttledLines: [String: String] = [:]
    public internal(set) var isStopping = false

    public init(own: NodeID, settings: MeshSettings = MeshSettings(), now: Double) {
        self.own = own
        self.settings = settings
        view = PeerView(own: own, settings: settings)
        nextPeerList = now + settings.peerListInterval
        nextRotation = now + settings.rotationInterval
    }

    // MARK: Queries

    /// The linked peers, in id order.
    public var linkedPeers: [NodeID] { links.keys.sorted() }

    /// The open links, in the order they came up.
    public var linkSummaries: [LinkSummary] {
        links.values.sorted().compactMap(summary)
    }

    func summary(_ id: ConnectionID) -> LinkSummary? {
        guard let connection = connections[id], let link = connection.link else { return nil }
        return LinkSummary(
            connection: id, peer: link.hello.peer, name: link.hello.name, address: connection.address,
            direction: connection.direction, roundTrip: link.liveness.roundTrip)
    }

    /// The peer on `connection`, once its handshake succeeded.
    public func peer(on connection: ConnectionID) -> NodeID? { connections[connection]?.link?.hello.peer }

    /// The connection of the link to `peer`.
    public func connection(to peer: NodeID) -> ConnectionID? { links[peer] }

    /// Whether a link leads to a peer other than `source`.
    public func hasLinks(except source: NodeID?) -> Bool { links.keys.contains { $0 != source } }

    /// The peers this node knows of and may dial (its passive view), linked or not.
    public var knownPeers: Set<NodeID> { Set(view.candidates.keys) }

    /// What the peer on `connection` is known to hold.
    public func peerHolds(on connection: ConnectionID) -> VersionVector<NodeID>? {
        connections[connection]?.link?.sync.peerHas
    }

    /// A fresh id for an inbound connection, before `accepted`.
    public mutating func newConnectionID() -> ConnectionID {
        lastConnection += 1
        return ConnectionID(rawValue: lastConnection)
    }

    var linkedSet: Set<NodeID> {
        closingLinks.isEmpty ? Set(links.keys) : Set(links.filter { !closingLinks.contains($0.value) }.keys)
    }

    /// Whether the machine still tracks connection `id` (the driver closes what it does not).
    public func isTracking(_ id: ConnectionID) -> Bool { connections[id] != nil }

    /// Links that are up and not being closed.
    var liveLinkCount: Int {
        closingLinks.isEmpty ? links.count : links.values.filter { !closingLinks.contains($0) }.count
    }
}
