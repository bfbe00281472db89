import Foundation
import HearthStatsModels

/// What a `MatchAssembler` makes of a line: live events while a match runs (for a node to
/// broadcast a live scoreboard), then the finished record.
public enum MatchEvent: Sendable, Equatable {
    /// An `InitGame` line: a match begins. Its line is where a node resumes reading after a restart.
    case matchStarted(MatchInfo)
    /// A client entered the game (its first `ClientBegin`).
    case playerJoined(client: Int, name: String, team: Int)
    /// A client that had entered the game disconnected (left, kicked, dropped).
    case playerLeft(client: Int, name: String)
    /// A client's name changed mid-match; its match so far goes with it.
    case renamed(client: Int, from: String, to: String)
    /// A client changed team (3 is spectator).
    case teamChanged(client: Int, name: String, team: Int)
    /// A kill, as it will stand in the record.
    case kill(KillRecord)
    /// A player's score as the game reports it (`PlayerScore`, then the final `score:` lines).
    case scoreChanged(client: Int, name: String, score: Int)
    /// A team's score changed (`red`, `blue`).
    case teamScoreChanged(team: String, score: Int)
    case award(client: Int, name: String, award: String)
    /// A flag taken, captured, returned or its carrier fragged; `name` nil when no client acted.
    case flag(FlagEvent, name: String?)
    /// `Exit`: the match is over; the record follows with the map's `ShutdownGame`.
    case matchExited(reason: String)
    /// The finished match, or an aborted one (`exitReason == nil`).
    case matchFinished(MatchRecord)
}

/// A match's identity and settings, as `InitGame` gives them.
public struct MatchInfo: Sendable, Equatable {
    public var server: String
    public var serverName: String
    public var gameTimestamp: String
    public var map: String
    public var gameType: Int
    public var startedAt: Date

    public init(server: String, serverName: String, gameTimestamp: String, map: String, gameType: Int, startedAt: Date)
    {
        self.server = server
        self.serverName = serverName
        self.gameTimestamp = gameTimestamp
        self.map = map
        self.gameType = gameType
        self.startedAt = startedAt
    }
}
