/// The timers and limits of a mesh (`Protocol/sync.md`, "Links" and "Peer selection").
public struct MeshSettings: Sendable, Equatable {
    /// Most links a node keeps (its active view). A dialler with no link is still accepted.
    public var maxLinks = 12
    /// A node dials peers it knows while it has fewer links than this; with the default, networks
    /// of up to 11 nodes are a full mesh.
    public var targetLinks = 10
    /// Most peers kept from peer lists (the passive view); peers found on the LAN come on top.
    public var passiveCapacity = 256
    /// Most dials to known peers in flight at once.
    public var maxDialsInFlight = 4
    /// A connection that has not finished its handshake this long after it opened is dropped.
    public var handshakeTimeout = 10.0
    /// Pings go out this often.
    public var keepaliveInterval = 5.0
    /// A link that has received nothing this long is closed.
    public var deadAfter = 15.0
    /// Peer lists go out on every link this often (and on a new link at once).
    public var peerListInterval = 60.0
    /// A peer heard of only from peer lists is forgotten this long after the last one named it.
    public var exchangedLifetime = 300.0
    /// How often a node at its target dials one unlinked known peer and then drops another link,
    /// so separate parts of a network that can reach each other again find each other.
    public var rotationInterval = 600.0
    /// Of two nodes that see each other, the one with the larger id waits this long before it
    /// dials, so they rarely both dial.
    public var largerIDDialDelay = 3.0
    /// After a full peer refused a link, it is not dialled again for at least this long.
    public var refusedPause = 30.0

    public init() {}

    /// Settings with a smaller active view: at most `maxLinks`, dialling up to `maxLinks - 2`
    /// (at least 1).
    public init(maxLinks: Int) {
        self.maxLinks = max(1, maxLinks)
        targetLinks = LinkCounts.target(maxLinks: self.maxLinks)
    }
}
