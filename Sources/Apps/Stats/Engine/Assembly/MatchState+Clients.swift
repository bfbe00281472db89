import HearthStatsModels

/// Clients coming, going, renaming and changing team.
extension MatchState {
    /// `ClientUserinfoChanged`: a new slot, or a rename / team change of a known one.
    mutating func userinfoChanged(_ info: ClientInfo) -> [MatchEvent] {
        guard let slot = clients[info.client] else {
            clients[info.client] = ClientSlot(name: info.name, team: info.team, isBot: info.isBot)
            return []
        }
        var events: [MatchEvent] = []
        clients[info.client]?.isBot = info.isBot
        if slot.name != info.name {
            if slot.begun {
                rename(info.client, to: info.name)
                events.append(.renamed(client: info.client, from: slot.name, to: info.name))
            } else {
                clients[info.client]?.name = info.name
            }
        }
        if slot.team != info.team {
            stopPlaying(info.client, at: now)
            clients[info.client]?.team = info.team
            startPlaying(info.client)
            if slot.begun { events.append(.teamChanged(client: info.client, name: info.name, team: info.team)) }
        }
        return events
    }

    /// `ClientConnect`: a slot for the number if the userinfo line has not made one (ioquake3
    /// writes `ClientConnect` first, OpenArena the userinfo first).
    mutating func connected(_ client: Int) {
        if clients[client] == nil { clients[client] = ClientSlot(name: "", team: 0, isBot: false) }
    }

    /// `ClientBegin`: the client entered the game (again, after a team change).
    mutating func began(_ client: Int) -> [MatchEvent] {
        guard let slot = clients[client] else { return [] }
        clients[client]?.begun = true
        startPlaying(client)
        return slot.begun ? [] : [.playerJoined(client: client, name: slot.name, team: slot.team)]
    }

    /// `ClientDisconnect`: the slot is freed for the next client.
    mutating func disconnected(_ client: Int) -> [MatchEvent] {
        guard let slot = clients[client] else { return [] }
        stopPlaying(client, at: now)
        clients[client] = nil
        return slot.begun ? [.playerLeft(client: client, name: slot.name)] : []
    }

    /// A player's name changes: the same person plays on, so the match so far (tallies, and the
    /// name in the kill list and in others' victims) moves to the new name, merged with any record
    /// that name already has. When another client still plays under the old name, nothing moves.
    private mutating func rename(_ client: Int, to newName: String) {
        guard let oldName = clients[client]?.name else { return }
        stopPlaying(client, at: now)
        clients[client]?.name = newName
        let oldNameInUse = clients.values.contains { $0.begun && $0.name == oldName }
        if !oldNameInUse, let moving = players.removeValue(forKey: oldName) {
            withPlayer(newName) { $0.absorb(moving) }
            for index in kills.indices {
                if kills[index].killer == oldName { kills[index].killer = newName }
                if kills[index].victim == oldName { kills[index].victim = newName }
            }
            for name in players.keys {
                guard let count = players[name]?.victims.removeValue(forKey: oldName) else { continue }
                players[name]?.victims[newName, default: 0] += count
            }
        }
        startPlaying(client)
        if let score = clients[client]?.score { players[newName]?.score = score }
    }
}

extension PlayerRecord {
    /// Adds `other`'s tallies to this record (one person under two names).
    mutating func absorb(_ other: PlayerRecord) {
        frags += other.frags
        deaths += other.deaths
        suicides += other.suicides
        secondsPlayed += other.secondsPlayed
        team = other.team
        score = other.score
        killsByWeapon.merge(other.killsByWeapon, uniquingKeysWith: +)
        awards.merge(other.awards, uniquingKeysWith: +)
        victims.merge(other.victims, uniquingKeysWith: +)
    }
}
