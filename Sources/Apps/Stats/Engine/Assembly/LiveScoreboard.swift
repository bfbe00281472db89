/// The match under way as a scoreboard: who is on the server now and how they stand.
public struct LiveScoreboard: Sendable, Equatable {
    public var info: MatchInfo
    /// Game seconds since `InitGame`, as of the last line read.
    public var elapsedSeconds: Double
    /// The game is warming up (what happens now will not count).
    public var warmup: Bool
    /// Set once `Exit` was read: the match is over, the record is on its way.
    public var exitReason: String?
    /// `red` and `blue` in team modes.
    public var teamScores: [String: Int]
    /// Clients on the server now, best score first (then by client number).
    public var players: [LivePlayer]

    public init(
        info: MatchInfo, elapsedSeconds: Double, warmup: Bool, exitReason: String?, teamScores: [String: Int],
        players: [LivePlayer]
    ) {
        self.info = info
        self.elapsedSeconds = elapsedSeconds
        self.warmup = warmup
        self.exitReason = exitReason
        self.teamScores = teamScores
        self.players = players
    }
}

/// One client on the live scoreboard.
public struct LivePlayer: Sendable, Equatable {
    public var client: Int
    public var name: String
    /// 0 free, 1 red, 2 blue, 3 spectator.
    public var team: Int
    public var score: Int
    public var frags: Int
    public var deaths: Int
    /// Still connecting (not yet entered the game).
    public var connecting: Bool
    public var isBot: Bool

    public init(
        client: Int, name: String, team: Int, score: Int, frags: Int, deaths: Int, connecting: Bool, isBot: Bool
    ) {
        self.client = client
        self.name = name
        self.team = team
        self.score = score
        self.frags = frags
        self.deaths = deaths
        self.connecting = connecting
        self.isBot = isBot
    }
}
