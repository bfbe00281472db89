import HearthStatsModels

/// `Exit`, the final scores after it, and the record.
///
/// The match stands as the server scored it at `Exit`: what the log says after it counts only when
/// it is one of `Exit`'s own `score:` and `red:…blue:…` lines, or an `Award` of the same second
/// (the game logs the award for the match's last kill or capture after the scores). Kills in the
/// second of intermission that follows are not counted, as the `score:` lines do not count them.
extension MatchState {
    mutating func exited(_ reason: String) -> [MatchEvent] {
        exit = (reason, now)
        closeStretches()
        return [.matchExited(reason: reason)]
    }

    /// `score: …  client: N NAME`: taken once per client, and only when NAME is the client's name
    /// (a line cut inside the name, or one for a client read wrongly, is left out).
    mutating func finalScore(_ line: FinalScore) -> [MatchEvent] {
        guard !finalScoresTaken.contains(line.client), let slot = clients[line.client], slot.name == line.name
        else { return [] }
        finalScoresTaken.insert(line.client)
        clients[line.client]?.score = line.score
        withPlayer(slot.name) { $0.score = line.score }
        return slot.score == line.score ? [] : [.scoreChanged(client: line.client, name: slot.name, score: line.score)]
    }

    /// `red:R  blue:B`: the first one after `Exit` is the final team score.
    mutating func finalTeamScores(red: Int, blue: Int) -> [MatchEvent] {
        guard !finalTeamScoresTaken else { return [] }
        finalTeamScoresTaken = true
        var events: [MatchEvent] = []
        for (team, score) in [("red", red), ("blue", blue)] where teamScores[team] != score {
            events.append(.teamScoreChanged(team: team, score: score))
        }
        teamScores = ["red": red, "blue": blue]
        return events
    }

    /// The match as a record: finished after `Exit`; aborted otherwise, and then only when
    /// something happened in it (a kill, a score, an award, a flag) and it was not a warm-up
    /// (the game restarts the map after one, voiding it).
    mutating func finish() -> MatchRecord? {
        if exit == nil {
            guard eventful, !warmup else { return nil }
            closeStretches()
        }
        let ranked = players.values.sorted {
            ($1.score, $1.frags, $0.name) < ($0.score, $0.frags, $1.name)
        }
        return MatchRecord(
            server: info.server, serverName: info.serverName,
            gameTimestamp: info.gameTimestamp, map: info.map, gameType: info.gameType, startedAt: info.startedAt,
            durationSeconds: Double(exit?.second ?? now), exitReason: exit?.reason, teamScores: teamScores,
            players: ranked, kills: kills, settings: settings)
    }

    /// Ends every playing stretch now and marks who is no longer on the server as having left early.
    private mutating func closeStretches() {
        for client in clients.keys { stopPlaying(client, at: now) }
        let present = Set(clients.values.lazy.filter(\.begun).map(\.name))
        for name in players.keys { players[name]?.leftEarly = !present.contains(name) }
    }
}
