import Foundation
import HearthStatsModels

/// Turns a game server's match log, line by line, into live events and finished `MatchRecord`s.
///
/// A match runs from `InitGame` to `ShutdownGame`. After `Exit` and its `score:` lines,
/// `ShutdownGame` (or, if the server died in the intermission, the next `InitGame`) finishes it.
/// A `ShutdownGame` or `InitGame` that comes without an `Exit` (map changed, server stopped or
/// restarted) ends the match aborted, `exitReason == nil`, when anything happened in it.
/// Lines before the first `InitGame` are ignored.
///
/// Players are names; client numbers map to the name that holds them now (`ClientUserinfoChanged`),
/// since numbers are reused and names change mid-match. How kills count: `MatchState+Combat.swift`;
/// what counts after `Exit`: `MatchState+Ending.swift`. A player's `secondsPlayed` is the game time
/// spent entered on a playing team (not as a spectator, not while connecting), up to `Exit` or the
/// abort; `leftEarly` says no client held the name at that moment.
///
/// The same lines give the same events and records: nothing depends on a clock or on dictionary
/// order, so a node that re-reads a match from its `InitGame` line after a restart (`.matchStarted`
/// marks that line) builds the record it would have built.
public struct MatchAssembler: Sendable {
    /// The game server as the node knows it (`10.0.0.5:27960`); empty to use its `sv_hostname`.
    public let server: String
    /// `InitGame` settings copied into the record.
    public static let keptSettings: Set<String> = [
        "fraglimit", "timelimit", "capturelimit", "sv_maxclients", "version", "gamename", "dmflags", "g_needpass",
        "g_instantgib", "g_rockets", "g_doWarmup", "g_maxGameClients", "elimination_roundtime", "com_protocol",
        "protocol",
    ]

    /// The game types played in red and blue teams (OpenArena's numbering, ioquake3's up to 7):
    /// their records carry `teamScores`, from 0–0.
    public static let teamGameTypes: Set<Int> = [3, 4, 5, 6, 7, 8, 9, 11, 12]

    private var match: MatchState?

    public init(server: String) {
        self.server = server
    }

    /// The match under way, or nil between matches.
    public var scoreboard: LiveScoreboard? { match?.scoreboard }

    /// Reads one line of the log (a trailing newline is ignored).
    public mutating func feed(_ line: String) -> [MatchEvent] {
        feed(QuakeLogLine.parse(line))
    }

    /// Reads one line already parsed.
    public mutating func feed(_ line: QuakeLogLine) -> [MatchEvent] {
        switch line.event {
        case .initGame(let settings):
            var events = end()
            let info = matchInfo(settings)
            match = MatchState(
                info: info, startSecond: line.seconds ?? 0,
                settings: settings.values.filter { Self.keptSettings.contains($0.key) })
            if Self.teamGameTypes.contains(info.gameType) { match!.teamScores = ["red": 0, "blue": 0] }
            events.append(.matchStarted(info))
            return events
        case .shutdownGame:
            if match != nil { match!.now = max(match!.now, match!.matchSecond(line.seconds)) }
            return end()
        case .noise, .other, .separator:
            return []  // Their times are not trusted either: an aborted match lasts to its last known line.
        default:
            guard match != nil else { return [] }
            return match!.apply(line)
        }
    }

    /// The log ended for good (the server is gone): the match under way ends as at `ShutdownGame`.
    public mutating func end() -> [MatchEvent] {
        defer { match = nil }
        guard let record = match?.finish() else { return [] }
        return [.matchFinished(record)]
    }

    private func matchInfo(_ settings: GameSettings) -> MatchInfo {
        MatchInfo(
            server: server.isEmpty ? settings.hostname : server, serverName: settings.hostname,
            gameTimestamp: settings.timestamp, map: settings.mapName, gameType: settings.gameType,
            startedAt: GameTimestamp.date(settings.timestamp) ?? Date(timeIntervalSince1970: 0))
    }
}

extension MatchState {
    /// One line inside a match.
    fileprivate mutating func apply(_ line: QuakeLogLine) -> [MatchEvent] {
        let second = matchSecond(line.seconds)
        if let exit {
            switch line.event {
            case .finalScore(let score): return finalScore(score)
            case .teamScores(let red, let blue): return finalTeamScores(red: red, blue: blue)
            case .award(let client, _, let award) where second == exit.second: return self.award(client, award)
            default: return []
            }
        }
        now = max(now, second)
        switch line.event {
        case .warmup: warmup = true
        case .clientConnect(let client): connected(client)
        case .clientUserinfoChanged(let info): return userinfoChanged(info)
        case .clientBegin(let client): return began(client)
        case .clientDisconnect(let client): return disconnected(client)
        case .kill(let kill): return self.kill(kill)
        case .playerScore(let client, let score): return playerScore(client, score)
        case .teamScore(let team, let score): return teamScore(team, score)
        case .award(let client, _, let award): return self.award(client, award)
        case .flag(let flag): return self.flag(flag)
        case .exit(let reason): return exited(reason)
        default: break
        }
        return []
    }
}
