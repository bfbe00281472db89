import Foundation

/// What `hearth status` shows (`GET /v1/status`).
public struct NodeStatus: Codable, Sendable {
    public var nodeID: String
    public var name: String
    public var network: String
    public var networkTag: String
    public var networks: [String]
    public var listen: String?
    public var dataFolder: String
    public var opsStored: Int
    public var authors: Int
    public var peers: Int
    public var pendingChanges: Int
    /// False while the node learns its own log from peers and refuses to sign.
    public var signing: Bool
    public var startedAt: Date
    public var version: String
    /// Bytes of presence (beacons, records, digests, signals) this node sent on its links since it
    /// started, with their framing (`scripts/bench presence` reads it).
    public var presenceBytesSent = 0

    public init(
        nodeID: String, name: String, network: String, networkTag: String, networks: [String], listen: String?,
        dataFolder: String, opsStored: Int, authors: Int, peers: Int, pendingChanges: Int, signing: Bool,
        startedAt: Date, version: String
    ) {
        self.nodeID = nodeID
        self.name = name
        self.network = network
        self.networkTag = networkTag
        self.networks = networks
        self.listen = listen
        self.dataFolder = dataFolder
        self.opsStored = opsStored
        self.authors = authors
        self.peers = peers
        self.pendingChanges = pendingChanges
        self.signing = signing
        self.startedAt = startedAt
        self.version = version
    }
}

/// One open link, as `hearth peers` shows it (`GET /v1/peers`).
public struct PeerSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var address: String
    public var direction: String
    public var roundTripMs: Double?
    public var connectedSince: Date

    public init(
        id: String, name: String, address: String, direction: String, roundTripMs: Double?, connectedSince: Date
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.direction = direction
        self.roundTripMs = roundTripMs
        self.connectedSince = connectedSince
    }
}

/// A node seen on the LAN (`hearth peers --all`, `GET /v1/peers/discovered`).
public struct DiscoveredPeer: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var addresses: [String]
    /// False for nodes of another network: listed, never dialled.
    public var sameNetwork: Bool
    public var connected: Bool

    public init(id: String, name: String, addresses: [String], sameNetwork: Bool, connected: Bool) {
        self.id = id
        self.name = name
        self.addresses = addresses
        self.sameNetwork = sameNetwork
        self.connected = connected
    }
}

/// A node as this one shows its presence (`hearth presence`, `GET /v1/presence`, the
/// `presence.changed` event).
public struct PresenceSummary: Codable, Sendable, Equatable {
    /// What the node is playing ("in game").
    public struct Game: Codable, Sendable, Equatable {
        public var game: String
        public var map: String
        public var server: String

        public init(game: String, map: String, server: String) {
            self.game = game
            self.map = map
            self.server = server
        }
    }

    public var id: String
    public var name: String
    /// "online", "idle", "away", "dnd" or "offline".
    public var status: String
    public var online: Bool
    public var text: String
    public var game: Game?
    /// Whether this is the node answering.
    public var isSelf: Bool
    /// When it went offline, as this node saw it; nil while online.
    public var offlineSince: Date?

    public init(
        id: String, name: String, status: String, online: Bool, text: String, game: Game?, isSelf: Bool,
        offlineSince: Date?
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.online = online
        self.text = text
        self.game = game
        self.isSelf = isSelf
        self.offlineSince = offlineSince
    }
}

/// `PUT /v1/presence/me`: the status this node shows (`hearth status set|clear`).
public struct SetPresenceRequest: Codable, Sendable, Equatable {
    /// "online", "away" or "dnd" ("idle" comes by itself after a while without activity).
    public var status: String
    public var text: String?
    public var game: PresenceSummary.Game?

    public init(status: String, text: String? = nil, game: PresenceSummary.Game? = nil) {
        self.status = status
        self.text = text
        self.game = game
    }
}

/// `POST /v1/typing`: this node's user is typing in a channel or thread (`stopped`: no longer).
public struct TypingRequest: Codable, Sendable, Equatable {
    public var channel: String
    /// The thread's root message id; nil for the channel itself.
    public var thread: String?
    public var stopped: Bool?

    public init(channel: String, thread: String? = nil, stopped: Bool? = nil) {
        self.channel = channel
        self.thread = thread
        self.stopped = stopped
    }
}

/// Someone typing, as the `typing.started` and `typing.stopped` events carry it.
public struct TypingSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var channel: String
    public var thread: String?

    public init(id: String, name: String, channel: String, thread: String?) {
        self.id = id
        self.name = name
        self.channel = channel
        self.thread = thread
    }
}

/// `POST /v1/focus`: what this node's user looks at; `focus.changed` carries it with `id` and
/// `name` of the node. `object` nil: nothing. `position`: the app's bytes, base64.
public struct FocusSummary: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String?
    public var object: String?
    public var position: String?

    public init(id: String? = nil, name: String? = nil, object: String?, position: String?) {
        self.id = id
        self.name = name
        self.object = object
        self.position = position
    }
}
