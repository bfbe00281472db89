import HearthCrypto

/// The presence messages on a link (the ephemeral plane: never stored, never in the op log).
public enum PresenceMessage: Sendable, Equatable {
    /// "Still here": sent on each link every `beaconInterval`.
    case beacon
    /// Records, new ones as they are flooded or the ones a digest lacked.
    case records([SealedPresence])
    /// The newest counter held of each node, sent when a link comes up.
    case digest([PresenceDigestEntry])
    /// Typing and focus signals, new ones as they are flooded.
    case signals([SealedSignal])
}

public struct PresenceDigestEntry: Sendable, Equatable {
    public var node: NodeID
    public var counter: UInt64

    public init(node: NodeID, counter: UInt64) {
        self.node = node
        self.counter = counter
    }
}

/// How a node appears to this one.
public struct PresenceEntry: Sendable, Equatable {
    public var node: NodeID
    public var isOnline: Bool
    /// The node's latest record, if any arrived.
    public var record: PresenceRecord?
    /// When (this machine's clock) the node last went offline.
    public var offlineSince: Double?

    /// What a user sees: the record's status while online, else offline.
    public var shownStatus: String {
        guard isOnline, let record, record.status != .leaving else { return "offline" }
        return record.status.rawValue
    }
}

public enum PresenceAction: Sendable, Equatable {
    case send(ConnectionID, PresenceMessage)
    /// A node's entry changed (came online, went offline, or changed its status or game).
    case changed(PresenceEntry)
    /// Another node started or stopped typing somewhere, or its focus changed.
    case signal(SignalEvent)
}

/// Why received records were dropped, counted.
public struct PresenceDrops: Sendable, Equatable {
    public var badSignature = 0
    /// An older counter than the one held: a replay, or a copy that lost a race.
    public var older = 0
    public var oversized = 0
    /// The table was full of reachable nodes.
    public var tableFull = 0
    /// Another node's record holds the same 8-byte prefix (the first one stays).
    public var prefixTaken = 0
    /// Signals of nodes this one holds no record of, or typing in more places than allowed.
    public var signalsRefused = 0

    public init() {}
}

/// Timers of presence.
public struct PresenceSettings: Sendable, Equatable {
    /// A beacon goes out on each link this often: three a second, so a link stays live through
    /// two late ones, and a node's twelve links cost under 1 KB/s (a beacon is 26 bytes framed).
    public var beaconInterval = 0.33
    /// A link that brought nothing this long leaves the node's record (the peer is not heard).
    public var silenceLimit = 1.0
    /// A wake-up this late means this node itself was stalled; it then doubts what it saw.
    public var stallThreshold = 0.5
    /// After a stall, nobody turns offline for this long (Lifeguard's self-awareness).
    public var doubtPeriod = 2.0
    /// A record listing a neighbour whose own record has not listed it back for this long is
    /// stale: had its node been alive, it would have signed a new one.
    public var staleAfter = 2.0
    /// The view (who is online) is worked out at most once per this interval: a burst of records
    /// costs one pass.
    public var viewInterval = 0.02
    /// Status turns idle after this long without activity (0: never).
    public var idleAfter = 300.0

    public init() {}
}
