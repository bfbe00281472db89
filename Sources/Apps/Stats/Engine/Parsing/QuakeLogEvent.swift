/// What one line of an ioquake3 / OpenArena `games.log` says. Each case's format is the game's
/// `G_LogPrintf` call (`code/game/g_*.c`); `QuakeLogLine.parse` builds these.
///
/// A line whose event is known but whose text is cut short or carries a bad number is `.noise`,
/// never an error: the log is read as it comes, and a half-written last line must not stop it.
public enum QuakeLogEvent: Sendable, Equatable {
    /// `InitGame: \key\value…` — a new map (or `map_restart`) begins; the server's settings.
    case initGame(GameSettings)
    /// `Warmup:` — the game is warming up; what follows until a restart does not count.
    case warmup
    /// `ClientConnect: 3`.
    case clientConnect(client: Int)
    /// `ClientUserinfoChanged: 3 n\Sarge\t\0\model\sarge…` — name, team and the rest, on connect,
    /// rename and team change.
    case clientUserinfoChanged(ClientInfo)
    /// `ClientBegin: 3` — the client entered the game (again after a team change).
    case clientBegin(client: Int)
    /// `ClientDisconnect: 3` — left, was kicked or dropped.
    case clientDisconnect(client: Int)
    /// `Kill: 1 3 7: Grism killed Sarge by MOD_ROCKET_SPLASH`.
    case kill(Kill)
    /// `Item: 2 ammo_grenades`.
    case item(client: Int, item: String)
    /// `Award: 0 1: Angelyss gained the EXCELLENT award!`.
    case award(client: Int, awardID: Int, award: String)
    /// `Challenge: 3 401 1: Client 3 got award 401` (OpenArena, human players only).
    case challenge(client: Int, challenge: Int)
    /// `PlayerScore: 1 4: Grism now has 4 points`.
    case playerScore(client: Int, score: Int)
    /// `TeamScore: 1 5: Team 1 now has 5 points` (OpenArena team deathmatch).
    case teamScore(team: Int, score: Int)
    /// `red:8  blue:5` — the team scores, right after `Exit` in team modes.
    case teamScores(red: Int, blue: Int)
    /// `CTF: 1 2 1: Grism captured the BLUE flag!` and one-flag CTF's `1FCTF:` (OpenArena).
    case flag(FlagEvent)
    /// `Exit: Fraglimit hit.` — the match is over; its final scores follow.
    case exit(reason: String)
    /// `score: 5  ping: 0  client: 1 Grism` — one final score, right after `Exit`.
    case finalScore(FinalScore)
    /// `say: Sarge: text` / `sayteam: …`: the rest of the line (a name may itself hold ": ").
    case say(String)
    case sayTeam(String)
    /// `ShutdownGame:` — the map ends (after `Exit`, on `map`, on `quit` and SIGTERM).
    case shutdownGame
    /// `------…` around `InitGame` / `ShutdownGame`.
    case separator
    /// A well-formed line this reader does not interpret (`Info: …`, `Playerstore: …`, `tell: …`),
    /// its text after the time.
    case other(String)
    /// A known line cut short or garbled, an empty line, or one over `QuakeLogLine.maximumLength`.
    case noise
}

/// `InitGame`'s backslash info string, and the fields a match is known by.
public struct GameSettings: Sendable, Equatable {
    /// Every key the server wrote, with its value (the last one when a key repeats).
    public var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    public var mapName: String { values["mapname"] ?? "" }
    /// `g_gametype` (0 when absent or unreadable).
    public var gameType: Int { values["g_gametype"].flatMap { Int($0) } ?? 0 }
    public var hostname: String { values["sv_hostname"] ?? "" }
    /// `g_timestamp` (OpenArena; ioquake3's baseq3 does not write it): the server's wall clock.
    public var timestamp: String { values["g_timestamp"] ?? "" }
}

/// `ClientUserinfoChanged`: a client's name (colour codes kept) and team, and every other field.
public struct ClientInfo: Sendable, Equatable {
    public var client: Int
    public var name: String
    /// 0 free, 1 red, 2 blue, 3 spectator.
    public var team: Int
    /// The fields besides `n` and `t` (`model`, `skill` for bots, `id`, …).
    public var fields: [String: String]

    public init(client: Int, name: String, team: Int, fields: [String: String] = [:]) {
        self.client = client
        self.name = name
        self.team = team
        self.fields = fields
    }

    /// Bots' userinfo carries their `skill`.
    public var isBot: Bool { fields["skill"] != nil }
}

/// One `Kill` line. Identities are the numbers; the names in the line's text are not read, since
/// a name may itself contain " killed ".
public struct Kill: Sendable, Equatable {
    /// The world's entity number (falls, lava, crushers): `killer == world` is no player.
    public static let world = 1022

    public var killer: Int
    public var victim: Int
    /// The means of death's number, and its name as the line gives it (`MOD_ROCKET_SPLASH`).
    public var meansOfDeath: Int
    public var weapon: String

    public init(killer: Int, victim: Int, meansOfDeath: Int, weapon: String) {
        self.killer = killer
        self.victim = victim
        self.meansOfDeath = meansOfDeath
        self.weapon = weapon
    }
}

/// One `score:` line after `Exit`. The name is kept to check the line against the client's name.
public struct FinalScore: Sendable, Equatable {
    public var score: Int
    public var ping: Int
    public var client: Int
    public var name: String

    public init(score: Int, ping: Int, client: Int, name: String) {
        self.score = score
        self.ping = ping
        self.client = client
        self.name = name
    }
}

/// A flag event of capture the flag (`CTF:`) or one-flag CTF (`1FCTF:`).
public struct FlagEvent: Sendable, Equatable {
    public enum Action: Int, Sendable {
        case taken = 0, captured = 1, returned = 2, carrierFragged = 3
    }

    /// The client who acted, or -1 (a flag that returned by itself).
    public var client: Int
    /// The team the line names: the flag's team for taken, captured and returned, the fragged
    /// carrier's team for `carrierFragged`; -1 in one-flag CTF.
    public var team: Int
    public var action: Action
    /// One-flag CTF (`1FCTF:`).
    public var oneFlag: Bool

    public init(client: Int, team: Int, action: Action, oneFlag: Bool = false) {
        self.client = client
        self.team = team
        self.action = action
        self.oneFlag = oneFlag
    }
}
