import Foundation

/// A match under way, live (`GET /v1/stats/live`, event `stats.live`).
public struct StatsLiveMatch: Codable, Sendable, Equatable {
    public struct Player: Codable, Sendable, Equatable {
        public var name: String
        public var team: Int
        public var score: Int
        public var frags: Int
        public var deaths: Int

        public init(name: String, team: Int, score: Int, frags: Int, deaths: Int) {
            self.name = name
            self.team = team
            self.score = score
            self.frags = frags
            self.deaths = deaths
        }
    }

    public struct Kill: Codable, Sendable, Equatable {
        /// Counts the match's kills from 1.
        public var number: Int
        public var second: Double
        /// nil: the world (a fall, lava).
        public var killer: String?
        public var victim: String
        public var weapon: String

        public init(number: Int, second: Double, killer: String?, victim: String, weapon: String) {
            self.number = number
            self.second = second
            self.killer = killer
            self.victim = victim
            self.weapon = weapon
        }
    }

    /// The match's object id in hex (the id its record will have).
    public var id: String
    /// The node reading the server's log.
    public var source: String
    public var server: String
    public var serverName: String
    public var map: String
    public var mode: String
    public var gameSeconds: Double
    public var players: [Player]
    /// The latest kills, oldest first.
    public var recent: [Kill]
    public var teamScores: [String: Int]
    /// The match just ended; its record follows. Also set (with no players) when the node stopped
    /// reading the log or went offline.
    public var ended: Bool

    public init(
        id: String, source: String, server: String, serverName: String, map: String, mode: String,
        gameSeconds: Double, players: [Player], recent: [Kill], teamScores: [String: Int], ended: Bool
    ) {
        self.id = id
        self.source = source
        self.server = server
        self.serverName = serverName
        self.map = map
        self.mode = mode
        self.gameSeconds = gameSeconds
        self.players = players
        self.recent = recent
        self.teamScores = teamScores
        self.ended = ended
    }
}

/// A game server's status, as a node polls it (`GET /v1/stats/servers`, event `stats.server`).
public struct StatsServer: Codable, Sendable, Equatable {
    public struct Player: Codable, Sendable, Equatable {
        public var name: String
        public var score: Int
        /// 0 for bots.
        public var ping: Int

        public init(name: String, score: Int, ping: Int) {
            self.name = name
            self.score = score
            self.ping = ping
        }
    }

    public var address: String
    /// The node that polls it.
    public var source: String
    public var answering: Bool
    public var hostname: String
    public var map: String
    public var mode: String
    public var maxClients: Int
    public var info: [String: String]
    public var players: [Player]
    public var checkedAt: Date?

    public init(
        address: String, source: String, answering: Bool, hostname: String, map: String, mode: String,
        maxClients: Int, info: [String: String], players: [Player], checkedAt: Date?
    ) {
        self.address = address
        self.source = source
        self.answering = answering
        self.hostname = hostname
        self.map = map
        self.mode = mode
        self.maxClients = maxClients
        self.info = info
        self.players = players
        self.checkedAt = checkedAt
    }
}

/// A game server that answered a LAN scan (`POST /v1/stats/servers/scan`).
public struct StatsFoundServer: Codable, Sendable, Equatable {
    /// `10.0.0.5:27960`, where the answer came from.
    public var address: String
    public var hostname: String
    public var map: String
    public var mode: String
    /// Players and bots connected.
    public var clients: Int
    public var maxClients: Int
    /// `gamename`, e.g. `baseoa` for OpenArena.
    public var game: String
    /// This node polls it (it was there already, or the scan added it).
    public var polled: Bool

    public init(
        address: String, hostname: String, map: String, mode: String, clients: Int, maxClients: Int, game: String,
        polled: Bool
    ) {
        self.address = address
        self.hostname = hostname
        self.map = map
        self.mode = mode
        self.clients = clients
        self.maxClients = maxClients
        self.game = game
        self.polled = polled
    }
}

/// A log file this node follows (`GET /v1/stats/watches`).
public struct StatsWatch: Codable, Sendable, Equatable {
    public var path: String
    public var server: String
    /// Where the current match began in the file (a restart reads on from here).
    public var offset: Int

    public init(path: String, server: String, offset: Int) {
        self.path = path
        self.server = server
        self.offset = offset
    }
}
