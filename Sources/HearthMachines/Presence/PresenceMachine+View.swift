import HearthCrypto

extension PresenceMachine {
    /// Works out who is online and reports each node whose shown entry changed.
    mutating func refreshView(now: Double) -> [PresenceAction] {
        markStaleness(now: now)
        let reached = reachable(now: now)
        let doubting = now < doubtUntil
        var actions: [PresenceAction] = []
        for (node, held) in records.sorted(by: { $0.key < $1.key }) {
            let record = held.sealed.record
            let old = shown[node]
            var online = reached.contains(node)
            // A node that was itself stalled keeps who it showed online until the doubt ends;
            // a goodbye is believed at once.
            if !online, doubting, old?.isOnline == true, record.status != .leaving { online = true }
            var entry = PresenceEntry(node: node, isOnline: online, record: record, offlineSince: nil)
            if !online { entry.offlineSince = old?.isOnline == false ? old?.offlineSince : now }
            shown[node] = entry
            if old.map({ !$0.looksLike(entry) }) ?? true { actions.append(.changed(entry)) }
        }
        viewDeadline = doubting ? doubtUntil : .infinity
        for held in records.values {
            if let since = held.unconfirmedSince, since + settings.staleAfter > now {
                viewDeadline = min(viewDeadline, since + settings.staleAfter)
            }
        }
        return actions
    }

    /// Notes since when each record has been denied by most of the neighbours it lists.
    mutating func markStaleness(now: Double) {
        let mine = Set(currentNeighbours(now: now))
        for (node, held) in records {
            let prefix = NodePrefix(node)
            let listed = held.sealed.record.neighbours.compactMap { byPrefix[$0] }
            let denying = listed.filter { other in
                guard other != own else { return !mine.contains(prefix) }
                return records[other].map { !$0.sealed.record.neighbours.contains(prefix) } ?? false
            }
            let denied = !listed.isEmpty && denying.count * 2 > listed.count
            if denied {
                if held.unconfirmedSince == nil { records[node]?.unconfirmedSince = now }
            } else if held.unconfirmedSince != nil {
                records[node]?.unconfirmedSince = nil
            }
        }
    }

    func isStale(_ held: Held, now: Double) -> Bool {
        held.unconfirmedSince.map { now >= $0 + settings.staleAfter } ?? false
    }

    /// The nodes joined to this one by links that both ends list (this node's side: the peers it
    /// hears), through nodes that are neither leaving nor stale.
    func reachable(now: Double) -> Set<NodeID> {
        let me = NodePrefix(own)
        var seen: Set<NodeID> = [own]
        var queue: [NodeID] = []
        for link in links.values where isLive(link, now: now) {
            guard !seen.contains(link.peer), let held = records[link.peer], usable(held, now: now),
                held.sealed.record.neighbours.contains(me)
            else { continue }
            seen.insert(link.peer)
            queue.append(link.peer)
        }
        while let node = queue.popLast() {
            guard let held = records[node] else { continue }
            let prefix = NodePrefix(node)
            for neighbour in held.sealed.record.neighbours {
                guard let other = byPrefix[neighbour], !seen.contains(other), let theirs = records[other],
                    usable(theirs, now: now), theirs.sealed.record.neighbours.contains(prefix)
                else { continue }
                seen.insert(other)
                queue.append(other)
            }
        }
        seen.remove(own)
        return seen
    }

    func usable(_ held: Held, now: Double) -> Bool {
        held.sealed.record.status != .leaving && !isStale(held, now: now)
    }
}

extension PresenceEntry {
    /// Whether a user would see the same: online or not, status, text and game.
    func looksLike(_ other: PresenceEntry) -> Bool {
        isOnline == other.isOnline && record?.status == other.record?.status && record?.text == other.record?.text
            && record?.game == other.record?.game
    }
}
