import Foundation

/// One finished (or aborted) match of a Quake III–family game, as the node that read the game
/// server's log signs it (`Protocol/apps/stats.md`). Names keep their colour codes (`^1Sarge`).
public struct MatchRecord: Codable, Sendable, Equatable {
    /// The game server as the ingesting node was told it (`10.0.0.5:27960`), or its `sv_hostname`
    /// when it was not told; with `gameTimestamp` and `map`, the match's identity.
    public var server: String
    /// `sv_hostname` from `InitGame`.
    public var serverName: String
    /// `g_timestamp` from `InitGame` (`2026-11-22 07:06:04`, the server's wall clock).
    public var gameTimestamp: String
    public var map: String
    /// `g_gametype`: 0 free for all, 1 tournament, 3 team deathmatch, 4 capture the flag, …
    public var gameType: Int
    /// When the match began (from `g_timestamp`, read as UTC) and how long it ran in game time.
    public var startedAt: Date
    public var durationSeconds: Double
    /// `Exit`'s reason ("Fraglimit hit."), or nil when the match was cut short (aborted).
    public var exitReason: String?
    public var aborted: Bool { exitReason == nil }
    /// Team scores for team modes (`red`, `blue`), from the log's score lines.
    public var teamScores: [String: Int]
    public var players: [PlayerRecord]
    /// Every kill, in order.
    public var kills: [KillRecord]
    /// The `InitGame` settings kept (fraglimit, timelimit, capturelimit, sv_maxclients, version, …).
    public var settings: [String: String]

    public init(
        server: String, serverName: String, gameTimestamp: String, map: String, gameType: Int, startedAt: Date,
        durationSeconds: Double, exitReason: String?, teamScores: [String: Int] = [:], players: [PlayerRecord],
        kills: [KillRecord], settings: [String: String] = [:]
    ) {
        self.server = server
        self.serverName = serverName
        self.gameTimestamp = gameTimestamp
        self.map = map
        self.gameType = gameType
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.exitReason = exitReason
        self.teamScores = teamScores
        self.players = players
        self.kills = kills
        self.settings = settings
    }
}

/// One player's match: a player is a name (client numbers are reused, so they are not kept).
public struct PlayerRecord: Codable, Sendable, Equatable {
    /// As the game wrote it, colour codes included.
    public var name: String
    /// 0 free, 1 red, 2 blue, 3 spectator.
    public var team: Int
    /// Kills of other players.
    public var frags: Int
    public var deaths: Int
    /// Deaths by one's own hand or the world's (falls, lava), counted in `deaths` too.
    public var suicides: Int
    /// The final score (`score:` at the end, else the last `PlayerScore`).
    public var score: Int
    /// Seconds of game time between joining (or the start) and leaving (or the end).
    public var secondsPlayed: Double
    /// Kills by means of death (`MOD_ROCKET_SPLASH` → 3).
    public var killsByWeapon: [String: Int]
    /// Awards by name (`EXCELLENT` → 2).
    public var awards: [String: Int]
    /// Kills of each other player, by name.
    public var victims: [String: Int]
    /// Left before the match ended.
    public var leftEarly: Bool

    public init(
        name: String, team: Int = 0, frags: Int = 0, deaths: Int = 0, suicides: Int = 0, score: Int = 0,
        secondsPlayed: Double = 0, killsByWeapon: [String: Int] = [:], awards: [String: Int] = [:],
        victims: [String: Int] = [:], leftEarly: Bool = false
    ) {
        self.name = name
        self.team = team
        self.frags = frags
        self.deaths = deaths
        self.suicides = suicides
        self.score = score
        self.secondsPlayed = secondsPlayed
        self.killsByWeapon = killsByWeapon
        self.awards = awards
        self.victims = victims
        self.leftEarly = leftEarly
    }
}

/// One kill: who killed whom with what, at which second of game time. The world (falls, lava)
/// kills as `killer == nil`; a suicide has `killer == victim`.
public struct KillRecord: Codable, Sendable, Equatable {
    public var second: Double
    public var killer: String?
    public var victim: String
    public var weapon: String

    public init(second: Double, killer: String?, victim: String, weapon: String) {
        self.second = second
        self.killer = killer
        self.victim = victim
        self.weapon = weapon
    }
}
