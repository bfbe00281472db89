import HearthStatsModels

/// Kills, scores, awards and flags while the match runs.
///
/// How a kill counts:
/// - A **frag** is a kill of another player not on one's team: the killer's `frags`, `killsByWeapon`
///   and `victims` grow, the victim's `deaths`.
/// - A **suicide** is a death by one's own hand (`killer == victim`) or the world's (killer 1022:
///   falls, lava, crushers): the victim's `suicides` and `deaths` grow, nobody's frags.
/// - A **team kill** (both on red, or both on blue) is a death for the victim and nothing for the
///   killer: no frag, and none taken away. (The game itself takes a point off the killer's score;
///   `score` is the game's own number and shows that.)
/// - A kill naming a client number nobody holds (a log read from mid-match) is not counted.
extension MatchState {
    mutating func kill(_ kill: Kill) -> [MatchEvent] {
        guard let victim = clients[kill.victim] else { return [] }
        let killerName: String?
        if kill.killer == Kill.world || kill.killer == kill.victim {
            killerName = kill.killer == Kill.world ? nil : victim.name
            withPlayer(victim.name) {
                $0.deaths += 1
                $0.suicides += 1
            }
        } else {
            guard let killer = clients[kill.killer] else { return [] }
            killerName = killer.name
            withPlayer(victim.name) { $0.deaths += 1 }
            if !sameTeam(killer, victim) {
                withPlayer(killer.name) {
                    $0.frags += 1
                    $0.killsByWeapon[kill.weapon, default: 0] += 1
                    $0.victims[victim.name, default: 0] += 1
                }
            }
        }
        let record = KillRecord(second: Double(now), killer: killerName, victim: victim.name, weapon: kill.weapon)
        kills.append(record)
        eventful = true
        return [.kill(record)]
    }

    /// `PlayerScore`: the game's running score for the client.
    mutating func playerScore(_ client: Int, _ score: Int) -> [MatchEvent] {
        guard let slot = clients[client] else { return [] }
        clients[client]?.score = score
        withPlayer(slot.name) { $0.score = score }
        eventful = true
        return [.scoreChanged(client: client, name: slot.name, score: score)]
    }

    /// `TeamScore` (OpenArena team deathmatch): team 1 red, 2 blue.
    mutating func teamScore(_ team: Int, _ score: Int) -> [MatchEvent] {
        guard let name = Self.teamName(team) else { return [] }
        teamScores[name] = score
        eventful = true
        return [.teamScoreChanged(team: name, score: score)]
    }

    mutating func award(_ client: Int, _ award: String) -> [MatchEvent] {
        guard let slot = clients[client] else { return [] }
        withPlayer(slot.name) { $0.awards[award, default: 0] += 1 }
        eventful = true
        return [.award(client: client, name: slot.name, award: award)]
    }

    /// A flag event; a capture scores a point for the capturer's team until `red:…blue:…` says.
    mutating func flag(_ flag: FlagEvent) -> [MatchEvent] {
        let slot = clients[flag.client]
        var events: [MatchEvent] = [.flag(flag, name: slot?.name)]
        eventful = true
        if flag.action == .captured {
            // The line names the captured flag's team; the capturer plays for the other one.
            let capturedFrom = flag.oneFlag ? nil : Self.teamName(flag.team)
            let byFlag = capturedFrom.map { $0 == "red" ? "blue" : "red" }
            if let team = slot.flatMap({ Self.teamName($0.team) }) ?? byFlag {
                teamScores[team, default: 0] += 1
                events.append(.teamScoreChanged(team: team, score: teamScores[team] ?? 0))
            }
        }
        return events
    }

    static func teamName(_ team: Int) -> String? {
        switch team {
        case 1: "red"
        case 2: "blue"
        default: nil
        }
    }
}
