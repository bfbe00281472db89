import Foundation

/// A match as lists show it (`GET /v1/stats/matches`).
public struct StatsMatchSummary: Codable, Sendable, Equatable {
    /// The match's object id in hex: `GET /v1/stats/matches/:id`.
    public var id: String
    public var server: String
    public var serverName: String
    public var map: String
    /// `FFA`, `1v1`, `TDM`, `CTF`, `gametype N`.
    public var mode: String
    public var startedAt: Date
    public var durationSeconds: Double
    public var aborted: Bool
    public var players: Int
    public var kills: Int
    /// Best score first: the winner (or the winning team's best).
    public var winner: String?
    /// Who read it from the server's log.
    public var recordedBy: String

    public init(
        id: String, server: String, serverName: String, map: String, mode: String, startedAt: Date,
        durationSeconds: Double, aborted: Bool, players: Int, kills: Int, winner: String?, recordedBy: String
    ) {
        self.id = id
        self.server = server
        self.serverName = serverName
        self.map = map
        self.mode = mode
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.aborted = aborted
        self.players = players
        self.kills = kills
        self.winner = winner
        self.recordedBy = recordedBy
    }
}

/// A whole match (`GET /v1/stats/matches/:id`).
public struct StatsMatchDetail: Codable, Sendable, Equatable {
    public var summary: StatsMatchSummary
    public var record: MatchRecord

    public init(summary: StatsMatchSummary, record: MatchRecord) {
        self.summary = summary
        self.record = record
    }
}

/// A Glicko-2 rating.
public struct StatsRating: Codable, Sendable, Equatable {
    public var rating: Double
    public var deviation: Double
    public var volatility: Double

    public init(rating: Double, deviation: Double, volatility: Double) {
        self.rating = rating
        self.deviation = deviation
        self.volatility = volatility
    }
}

/// One player's line on a leaderboard (`GET /v1/stats/board`).
public struct StatsBoardRow: Codable, Sendable, Equatable {
    /// As the game writes it, colour codes included; `plainName` without them.
    public var name: String
    public var plainName: String
    /// Hearth members who claim this game name (node ids and display names).
    public var claimedBy: [StatsMember]
    public var matches: Int
    public var wins: Int
    public var winRate: Double
    public var kills: Int
    public var deaths: Int
    public var suicides: Int
    public var killDeathRatio: Double
    public var killsPerMinute: Double
    public var bestStreak: Int
    public var score: Int
    public var awards: [String: Int]
    public var rating: StatsRating?

    public init(
        name: String, plainName: String, claimedBy: [StatsMember], matches: Int, wins: Int, winRate: Double,
        kills: Int, deaths: Int, suicides: Int, killDeathRatio: Double, killsPerMinute: Double, bestStreak: Int,
        score: Int, awards: [String: Int], rating: StatsRating?
    ) {
        self.name = name
        self.plainName = plainName
        self.claimedBy = claimedBy
        self.matches = matches
        self.wins = wins
        self.winRate = winRate
        self.kills = kills
        self.deaths = deaths
        self.suicides = suicides
        self.killDeathRatio = killDeathRatio
        self.killsPerMinute = killsPerMinute
        self.bestStreak = bestStreak
        self.score = score
        self.awards = awards
        self.rating = rating
    }
}

/// A leaderboard: one mode (or all), since a date (or ever).
public struct StatsBoard: Codable, Sendable, Equatable {
    public var mode: String
    public var since: Date?
    public var matches: Int
    public var rows: [StatsBoardRow]

    public init(mode: String, since: Date?, matches: Int, rows: [StatsBoardRow]) {
        self.mode = mode
        self.since = since
        self.matches = matches
        self.rows = rows
    }
}

public struct StatsMember: Codable, Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A player's profile (`GET /v1/stats/players/:name`).
public struct StatsProfile: Codable, Sendable, Equatable {
    public struct Match: Codable, Sendable, Equatable {
        public var id: String
        public var date: Date
        public var map: String
        public var mode: String
        public var team: Int
        public var score: Int
        public var frags: Int
        public var deaths: Int
        public var placement: Int
        public var players: Int
        public var result: String
        public var rating: Double?

        public init(
            id: String, date: Date, map: String, mode: String, team: Int, score: Int, frags: Int, deaths: Int,
            placement: Int, players: Int, result: String, rating: Double?
        ) {
            self.id = id
            self.date = date
            self.map = map
            self.mode = mode
            self.team = team
            self.score = score
            self.frags = frags
            self.deaths = deaths
            self.placement = placement
            self.players = players
            self.result = result
            self.rating = rating
        }
    }

    public struct Breakdown: Codable, Sendable, Equatable {
        public var name: String
        public var matches: Int
        public var kills: Int
        public var deaths: Int

        public init(name: String, matches: Int, kills: Int, deaths: Int) {
            self.name = name
            self.matches = matches
            self.kills = kills
            self.deaths = deaths
        }
    }

    public var name: String
    public var plainName: String
    public var claimedBy: [StatsMember]
    public var totals: StatsBoardRow
    public var ratings: [String: StatsRating]
    public var matches: [Match]
    public var maps: [Breakdown]
    public var weapons: [Breakdown]
    public var nemesis: String?
    public var favouriteVictim: String?

    public init(
        name: String, plainName: String, claimedBy: [StatsMember], totals: StatsBoardRow,
        ratings: [String: StatsRating], matches: [Match], maps: [Breakdown], weapons: [Breakdown], nemesis: String?,
        favouriteVictim: String?
    ) {
        self.name = name
        self.plainName = plainName
        self.claimedBy = claimedBy
        self.totals = totals
        self.ratings = ratings
        self.matches = matches
        self.maps = maps
        self.weapons = weapons
        self.nemesis = nemesis
        self.favouriteVictim = favouriteVictim
    }
}
