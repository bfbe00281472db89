import HearthCRDT
import HearthCrypto

/// Which side opened a connection.
public enum LinkDirection: String, Sendable {
    case inbound, outbound
}

/// Names one connection of a mesh, from its first byte to its close.
public struct ConnectionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}

/// A peer named in a `PeerList`, with where it accepts links.
public struct KnownPeer: Sendable, Equatable {
    public var id: NodeID
    public var addresses: [PeerAddress]

    public init(id: NodeID, addresses: [PeerAddress]) {
        self.id = id
        self.addresses = addresses
    }
}

/// What a Hello says about the sender's links, so both ends of a new link apply the same
/// admission rule (`Protocol/sync.md`, "Peer selection").
public struct LinkCounts: Sendable, Equatable {
    /// Links the sender held in this network when it said hello.
    public var links: Int
    /// The most links the sender keeps; 0 for no limit.
    public var maxLinks: Int

    /// A full sender that still admits an initiator with fewer links than its target: it has a
    /// linked peer with more links than that peer's target, whose link it closes to make room.
    public var makesRoom: Bool

    public init(links: Int, maxLinks: Int, makesRoom: Bool = false) {
        self.links = links
        self.maxLinks = maxLinks
        self.makesRoom = makesRoom
    }

    /// The links a node with this limit dials for: two below the most (at least 1); 0 for no limit.
    public static func target(maxLinks: Int) -> Int { maxLinks > 0 ? max(1, maxLinks - 2) : 0 }

    /// Whether the sender had fewer links than its target.
    public var isBelowTarget: Bool { maxLinks == 0 ? links == 0 : links < Self.target(maxLinks: maxLinks) }

    /// A responder that said `self` refuses an initiator that said `initiator`: it is full, and
    /// the initiator has other links and is not below its target where the responder makes room.
    public func refuses(_ initiator: LinkCounts) -> Bool {
        guard maxLinks > 0, links >= maxLinks, initiator.links > 0 else { return false }
        return !(makesRoom && initiator.isBelowTarget)
    }
}

/// What the peer said in its Hello, as far as the mesh cares.
public struct PeerHello: Sendable, Equatable {
    public var peer: NodeID
    public var name: String
    /// The TCP port the peer accepts links on, 0 if none.
    public var listenPort: Int
    public var counts: LinkCounts

    public init(peer: NodeID, name: String, listenPort: Int, counts: LinkCounts) {
        self.peer = peer
        self.name = name
        self.listenPort = listenPort
        self.counts = counts
    }
}

/// The link-level messages of `Protocol/hearth.proto`, as the mesh machine reads and writes them.
/// Change batches are not among them: the node stores them and reports the outcome
/// (`MeshMachine.changesStored`).
public enum MeshMessage: Sendable, Equatable {
    /// `links`: the sender's live links as it pings (so each peer knows who has links to spare).
    case ping(nonce: UInt64, links: Int)
    case pong(nonce: UInt64)
    case syncRequest(have: VersionVector<NodeID>, requestID: UInt64)
    case syncDone(requestID: UInt64)
    case pushControl(PushControl)
    case peerList([KnownPeer])
    case error(code: UInt32, message: String)
    case goodbye(reason: String)
}

/// The `ErrorReport` codes the mesh sends (`Protocol/errors.md`).
public enum MeshErrorCode: UInt32, Sendable {
    case duplicateLink = 8
    case keepaliveTimeout = 10
    case tooManyLinks = 13
    case wrongPeer = 14
}
