import HearthStatsModels

/// How a match ended for one player.
public enum MatchResult: String, Hashable, Sendable, Codable {
    case won, drew, lost
    /// The match was aborted: nobody won or lost.
    case undecided
}

/// One player's match with what the record does not say outright: result, placement, streak.
public struct PlayerMatchStats: Equatable, Sendable {
    /// The player's record as the match has it.
    public var record: PlayerRecord
    public var result: MatchResult
    /// 1 for the top score; players who finished rank above those who did not, by score, and
    /// equal scores share a place (1, 1, 3).
    public var placement: Int
    /// Most kills of other players without dying in between, from the match's kill list.
    public var bestKillStreak: Int

    public var name: String { record.name }
    public var won: Bool { result == .won }
    /// On the server at the end, on a team that plays (not a leaver, not spectating).
    public var finished: Bool { !record.leftEarly && record.team != 3 }
}

/// What one match means for the statistics, decided once per match and shared by leaderboards,
/// profiles and ratings.
///
/// Who counts and who wins:
/// - A player takes part unless they only spectated (team 3 with no kills and no deaths).
/// - An aborted match (no `Exit`) is `undecided` for all: its kills count, its result does not.
/// - Team match (anyone on red or blue): the team with the higher team score wins (the `red` /
///   `blue` team scores, else the sum of its players' scores); its players who finished won, the
///   other team's lost; equal scores are a draw.
/// - Tournament: the finisher with the higher score won; equal top scores drew.
/// - Free for all and other modes: every finisher with the highest score won (ties share).
/// - Anyone who left early or ended as a spectator lost.
public struct MatchStats: Sendable {
    public let match: MatchRecord
    public let mode: GameMode
    /// Whether anyone played on red (1) or blue (2).
    public let isTeamMatch: Bool
    /// The winning team (1 red, 2 blue) of a decided team match; nil for a draw or otherwise.
    public let winningTeam: Int?
    /// Everyone who took part, in the record's order.
    public let players: [PlayerMatchStats]

    /// The statistics of `match`.
    public init(_ match: MatchRecord) {
        self.init(match, killStreaks: true)
    }

    /// The statistics of `match`, without reading the kill list when `killStreaks` is false
    /// (ratings need results only).
    init(_ match: MatchRecord, killStreaks: Bool) {
        self.match = match
        mode = GameMode(of: match)
        let participants = match.players.filter(Self.takesPart)
        isTeamMatch = participants.contains { $0.team == 1 || $0.team == 2 }
        winningTeam = isTeamMatch && !match.aborted ? Self.winningTeam(of: match, participants) : nil
        let results = Self.results(
            of: match, participants, mode: mode, isTeamMatch: isTeamMatch, winningTeam: winningTeam)
        let placements = Self.placements(of: participants)
        let streaks = killStreaks ? Self.bestKillStreaks(match.kills, players: participants) : []
        players = participants.indices.map { index in
            PlayerMatchStats(
                record: participants[index], result: results[index], placement: placements[index],
                bestKillStreak: killStreaks ? streaks[index] : 0)
        }
    }

    /// The stats of the player called `name` (colour codes and all), if they took part.
    public func player(named name: String) -> PlayerMatchStats? {
        players.first { $0.name == name }
    }

    static func takesPart(_ player: PlayerRecord) -> Bool {
        player.team != 3 || player.frags > 0 || player.deaths > 0
    }

    static func winningTeam(of match: MatchRecord, _ participants: [PlayerRecord]) -> Int? {
        func score(_ team: Int, _ label: String) -> Int {
            if let entry = match.teamScores.first(where: { $0.key.lowercased() == label }) { return entry.value }
            return participants.lazy.filter { $0.team == team }.reduce(0) { $0 + $1.score }
        }
        let red = score(1, "red")
        let blue = score(2, "blue")
        return red == blue ? nil : (red > blue ? 1 : 2)
    }

    static func results(
        of match: MatchRecord, _ participants: [PlayerRecord], mode: GameMode, isTeamMatch: Bool, winningTeam: Int?
    ) -> [MatchResult] {
        if match.aborted { return participants.map { _ in .undecided } }
        func finished(_ player: PlayerRecord) -> Bool { !player.leftEarly && player.team != 3 }
        if isTeamMatch {
            return participants.map { player in
                guard finished(player), player.team == 1 || player.team == 2 else { return .lost }
                guard let winningTeam else { return .drew }
                return player.team == winningTeam ? .won : .lost
            }
        }
        let finishers = participants.filter(finished)
        guard let top = finishers.map(\.score).max() else { return participants.map { _ in .lost } }
        let sharedTop = finishers.count { $0.score == top } > 1
        return participants.map { player in
            guard finished(player), player.score == top else { return .lost }
            return mode == .tournament && sharedTop ? .drew : .won
        }
    }

    static func placements(of participants: [PlayerRecord]) -> [Int] {
        func rank(_ player: PlayerRecord) -> (Int, Int) {
            (!player.leftEarly && player.team != 3 ? 1 : 0, player.score)
        }
        let ranks = participants.map(rank)
        return ranks.map { mine in 1 + ranks.count { $0 > mine } }
    }
}
