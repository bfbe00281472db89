import Foundation
import HearthStatsModels

/// Who holds a client number now. Numbers are reused: a slot lives from the number's first line
/// to its `ClientDisconnect` (or the map's end).
struct ClientSlot {
    var name: String
    var team: Int
    var isBot: Bool
    /// Entered the game (`ClientBegin`); until then the client is connecting.
    var begun = false
    /// Match second the current stretch on a playing team began; nil while not playing.
    var playingSince: Int?
    /// The score the game last reported for this client.
    var score = 0
}

/// One match from `InitGame` to its end: the state `MatchAssembler` keeps between lines.
struct MatchState {
    static let spectator = 3

    let info: MatchInfo
    /// `InitGame`'s game time: OpenArena's clock runs on across map restarts, so every second
    /// kept is counted from here.
    let startSecond: Int
    let settings: [String: String]
    /// Game seconds since `InitGame` of the last line with an event.
    var now = 0
    var warmup = false
    var exit: (reason: String, second: Int)?
    var clients: [Int: ClientSlot] = [:]
    /// Players by name ("a player is a name"), created when they first enter a playing team.
    var players: [String: PlayerRecord] = [:]
    var kills: [KillRecord] = []
    var teamScores: [String: Int] = [:]
    /// Clients whose `score:` line after `Exit` was taken, and whether `red:…blue:…` was.
    var finalScoresTaken: Set<Int> = []
    var finalTeamScoresTaken = false
    /// A kill, a score, an award or a flag event: an aborted match is kept only when true.
    var eventful = false

    init(info: MatchInfo, startSecond: Int, settings: [String: String]) {
        self.info = info
        self.startSecond = startSecond
        self.settings = settings
    }

    /// Game seconds since `InitGame` for a line's time (the last known time when it has none).
    func matchSecond(_ seconds: Int?) -> Int {
        guard let seconds else { return now }
        return max(0, seconds - startSecond)
    }

    /// The record kept under `name`, made empty on first use.
    mutating func withPlayer(_ name: String, _ body: (inout PlayerRecord) -> Void) {
        body(&players[name, default: PlayerRecord(name: name)])
    }

    /// Whether the two clients play on the same team (red or blue): a kill between them is a team kill.
    func sameTeam(_ a: ClientSlot, _ b: ClientSlot) -> Bool {
        (a.team == 1 || a.team == 2) && a.team == b.team
    }

    /// Opens `client`'s playing stretch when it has entered the game on a playing team.
    mutating func startPlaying(_ client: Int) {
        guard var slot = clients[client], slot.begun, slot.team != Self.spectator, slot.playingSince == nil
        else { return }
        slot.playingSince = now
        clients[client] = slot
        withPlayer(slot.name) { $0.team = slot.team }
    }

    /// Closes `client`'s playing stretch at `second`, adding it to its player's time.
    mutating func stopPlaying(_ client: Int, at second: Int) {
        guard var slot = clients[client], let since = slot.playingSince else { return }
        slot.playingSince = nil
        clients[client] = slot
        withPlayer(slot.name) { $0.secondsPlayed += Double(max(0, second - since)) }
    }

    /// The scoreboard as of now.
    var scoreboard: LiveScoreboard {
        let live = clients.map { client, slot in
            let record = players[slot.name]
            return LivePlayer(
                client: client, name: slot.name, team: slot.team, score: slot.score, frags: record?.frags ?? 0,
                deaths: record?.deaths ?? 0, connecting: !slot.begun, isBot: slot.isBot)
        }
        return LiveScoreboard(
            info: info, elapsedSeconds: Double(exit?.second ?? now), warmup: warmup, exitReason: exit?.reason,
            teamScores: teamScores,
            players: live.sorted { ($0.score, $1.client) > ($1.score, $0.client) })
    }
}
