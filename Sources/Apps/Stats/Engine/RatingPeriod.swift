import HearthStatsModels

/// Who is rated in a match: the thresholds of game time a player must reach.
public struct RatingPolicy: Hashable, Sendable {
    /// The share of the match's game time a player must have played: 0.5.
    public var minimumShareOfMatch: Double
    /// The game time a player must have played whatever the match's length: 60 s.
    public var minimumSeconds: Double

    /// A policy rating players with at least `minimumShareOfMatch` of the match and at least
    /// `minimumSeconds` of game time.
    public init(minimumShareOfMatch: Double = 0.5, minimumSeconds: Double = 60) {
        self.minimumShareOfMatch = minimumShareOfMatch
        self.minimumSeconds = minimumSeconds
    }

    /// Whether `player` of `match` is rated.
    func rates(_ player: PlayerMatchStats, of match: MatchRecord) -> Bool {
        player.finished
            && player.record.secondsPlayed >= minimumSeconds
            && player.record.secondsPlayed >= minimumShareOfMatch * match.durationSeconds
    }
}

/// The Glicko-2 games one match contributes to its mode's ratings: each match is one rating
/// period of its mode (as XonStat and QLStats rate match by match).
///
/// - Only a finished (not aborted) match is rated.
/// - Rated players are those who finished it (did not leave early, not spectating at the end) and
///   played at least `RatingPolicy` game time (half the match and 60 s by default); everyone
///   else in it is treated as absent from the period.
/// - Free for all, tournament and other modes without teams: every pair of rated players is a
///   game, scored by final score (the higher wins 1–0, equal scores draw ½–½). A tournament is
///   this with two players: one game.
/// - Team modes: every rated red player plays every rated blue player, scored by the team result
///   (`MatchStats.winningTeam`; a draw is ½–½). Team-mates do not play each other.
/// - A period with no game (one rated player, or one team empty) rates nobody.
public struct RatingPeriod: Hashable, Sendable {
    /// One game, from `player`'s side; each pair of players appears once.
    public struct Game: Hashable, Sendable {
        public var player: String
        public var opponent: String
        /// `player`'s score: 1, ½ or 0; `opponent`'s is 1 − score.
        public var score: Double

        /// A game of `player` against `opponent` in which `player` scored `score`.
        public init(player: String, opponent: String, score: Double) {
            self.player = player
            self.opponent = opponent
            self.score = score
        }
    }

    /// The rated players, sorted by name.
    public let players: [String]
    /// The games, as positions in `players`.
    let pairings: [Pairing]

    /// A game between `players[player]` and `players[opponent]`; `score` is the first's.
    struct Pairing: Hashable, Sendable {
        var player: Int
        var opponent: Int
        var score: Double
    }

    /// Every game, each pair of players once.
    public var games: [Game] {
        pairings.map { Game(player: players[$0.player], opponent: players[$0.opponent], score: $0.score) }
    }

    /// The rating period of `match` under `policy`.
    public init(match: MatchRecord, policy: RatingPolicy = RatingPolicy()) {
        self.init(stats: MatchStats(match, killStreaks: false), policy: policy)
    }

    init(stats: MatchStats, policy: RatingPolicy) {
        // Rated players by name (a stable sort); a name listed twice counts once, as first listed.
        var rated = stats.players.filter { policy.rates($0, of: stats.match) }.map(\.record)
        rated.sort { $0.name < $1.name }
        rated = rated.indices.filter { $0 == 0 || rated[$0 - 1].name != rated[$0].name }.map { rated[$0] }
        if stats.isTeamMatch { rated.removeAll { $0.team != 1 && $0.team != 2 } }
        let playable =
            stats.isTeamMatch
            ? rated.contains { $0.team == 1 } && rated.contains { $0.team == 2 } : rated.count >= 2
        guard !stats.match.aborted, playable else {
            players = []
            pairings = []
            return
        }
        var pairings: [Pairing] = []
        if stats.isTeamMatch {
            let redScore: Double = stats.winningTeam.map { $0 == 1 ? 1 : 0 } ?? 0.5
            for red in rated.indices where rated[red].team == 1 {
                for blue in rated.indices where rated[blue].team == 2 {
                    pairings.append(Pairing(player: red, opponent: blue, score: redScore))
                }
            }
        } else {
            for first in rated.indices {
                for second in rated.indices where second > first {
                    let (a, b) = (rated[first].score, rated[second].score)
                    pairings.append(Pairing(player: first, opponent: second, score: a == b ? 0.5 : (a > b ? 1 : 0)))
                }
            }
        }
        players = rated.map(\.name)
        self.pairings = pairings
    }
}
