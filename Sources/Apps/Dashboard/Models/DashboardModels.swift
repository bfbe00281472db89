import Foundation

/// The network at a glance (`GET /v1/dashboard`, event `dashboard.changed`).
public struct Dashboard: Codable, Sendable, Equatable {
    public var membersOnline: Int
    public var members: Int
    public var playersInGame: Int
    public var matchesToday: Int
    /// Chat messages this node saw arrive in the last 10 minutes, per minute.
    public var messagesPerMinute: Double
    public var opsStored: Int
    public var nodes: [NodeHealth]
    /// Newest first.
    public var activity: [Activity]

    public init(
        membersOnline: Int, members: Int, playersInGame: Int, matchesToday: Int, messagesPerMinute: Double,
        opsStored: Int, nodes: [NodeHealth], activity: [Activity]
    ) {
        self.membersOnline = membersOnline
        self.members = members
        self.playersInGame = playersInGame
        self.matchesToday = matchesToday
        self.messagesPerMinute = messagesPerMinute
        self.opsStored = opsStored
        self.nodes = nodes
        self.activity = activity
    }
}

/// One node's health as it last reported it (every 10 s, on the presence plane).
public struct NodeHealth: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var online: Bool
    public var isSelf: Bool
    public var version: String?
    public var uptimeSeconds: Double?
    public var cpuPercent: Double?
    public var memoryBytes: Int?
    /// How long a read of the node's database took.
    public var databaseMs: Double?
    public var peers: Int?

    public init(
        id: String, name: String, online: Bool, isSelf: Bool, version: String? = nil, uptimeSeconds: Double? = nil,
        cpuPercent: Double? = nil, memoryBytes: Int? = nil, databaseMs: Double? = nil, peers: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.online = online
        self.isSelf = isSelf
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.cpuPercent = cpuPercent
        self.memoryBytes = memoryBytes
        self.databaseMs = databaseMs
        self.peers = peers
    }
}

/// Something that happened: a member joined or left, a match ended, a channel was created.
public struct Activity: Codable, Sendable, Equatable {
    public var time: Date
    /// `join`, `leave`, `match`, `channel`.
    public var kind: String
    public var text: String

    public init(time: Date, kind: String, text: String) {
        self.time = time
        self.kind = kind
        self.text = text
    }
}

/// What a node says of its health (the data of a `dashboard.health` app signal, JSON).
public struct HealthReport: Codable, Sendable, Equatable {
    public var version: String
    public var uptimeSeconds: Double
    public var cpuPercent: Double
    public var memoryBytes: Int
    public var databaseMs: Double
    public var peers: Int

    public init(
        version: String, uptimeSeconds: Double, cpuPercent: Double, memoryBytes: Int, databaseMs: Double, peers: Int
    ) {
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.cpuPercent = cpuPercent
        self.memoryBytes = memoryBytes
        self.databaseMs = databaseMs
        self.peers = peers
    }
}
