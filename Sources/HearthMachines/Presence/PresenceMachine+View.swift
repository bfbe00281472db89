import HearthCrypto

/// The links a record lists, as the view works on them: keyed by the 8-byte prefixes records
/// name their neighbours by, so the view's passes hash small integers, not node ids and records.
struct PresenceGraphNode: Sendable {
    var node: NodeID
    /// Sorted, without repeats.
    var neighbours: [NodePrefix]
    var leaving: Bool
    /// Since when more than half of the neighbours it lists (those this node holds a record of,
    /// and this node itself) have not listed it back.
    var unconfirmedSince: Double?

    init(_ record: PresenceRecord, unconfirmedSince: Double?) {
        node = record.node
        neighbours = Array(Set(record.neighbours)).sorted()
        leaving = record.status == .leaving
        self.unconfirmedSince = unconfirmedSince
    }

    func lists(_ prefix: NodePrefix) -> Bool {
        var low = 0
        var high = neighbours.count
        while low < high {
            let middle = (low + high) / 2
            if neighbours[middle] < prefix { low = middle + 1 } else { high = middle }
        }
        return low < neighbours.count && neighbours[low] == prefix
    }
}

extension PresenceMachine {
    /// Something the view depends on changed: it is worked out again now, or `viewInterval` after
    /// the last time if that was more recent (a burst of records costs one pass, not one each).
    mutating func viewMayHaveChanged(now: Double) -> [PresenceAction] {
        let earliest = lastViewAt + settings.viewInterval
        if now >= earliest { return refreshView(now: now) }
        viewDeadline = min(viewDeadline, earliest)
        return []
    }

    /// Works out who is online and reports each node whose shown entry changed.
    mutating func refreshView(now: Double) -> [PresenceAction] {
        lastViewAt = now
        markStaleness(now: now)
        let reached = reachable(now: now)
        let doubting = now < doubtUntil
        var online = Set<NodePrefix>()
        for (prefix, node) in graph {
            // A node that was itself stalled keeps who it showed online until the doubt ends;
            // a goodbye is believed at once.
            if reached.contains(prefix) || (doubting && shownOnline.contains(prefix) && !node.leaving) {
                online.insert(prefix)
            }
        }
        let touched = recordsSinceView.union(online.symmetricDifference(shownOnline))
        recordsSinceView = []
        shownOnline = online
        var actions: [PresenceAction] = []
        for prefix in touched.sorted() {
            guard let node = graph[prefix]?.node, let held = records[node] else { continue }
            let old = shown[node]
            let isOnline = online.contains(prefix)
            var entry = PresenceEntry(node: node, isOnline: isOnline, record: held.sealed.record, offlineSince: nil)
            if !isOnline { entry.offlineSince = old?.isOnline == false ? old?.offlineSince : now }
            shown[node] = entry
            if old.map({ !$0.looksLike(entry) }) ?? true { actions.append(.changed(entry)) }
            // Typing and focus vanish with their node.
            if !isOnline { actions += clearSignals(of: node) }
        }
        viewDeadline = doubting ? doubtUntil : .infinity
        for node in graph.values {
            if let since = node.unconfirmedSince, since + settings.staleAfter > now {
                viewDeadline = min(viewDeadline, since + settings.staleAfter)
            }
        }
        return actions
    }

    /// Notes since when each record has been denied by most of the neighbours it lists.
    mutating func markStaleness(now: Double) {
        let me = NodePrefix(own)
        let mine = Set(currentNeighbours(now: now))
        for (prefix, node) in graph {
            var listed = 0
            var denying = 0
            for neighbour in node.neighbours {
                if neighbour == me {
                    listed += 1
                    if !mine.contains(prefix) { denying += 1 }
                } else if let other = graph[neighbour] {
                    listed += 1
                    if !other.lists(prefix) { denying += 1 }
                }
            }
            let denied = listed > 0 && denying * 2 > listed
            if denied, node.unconfirmedSince == nil {
                graph[prefix]?.unconfirmedSince = now
            } else if !denied, node.unconfirmedSince != nil {
                graph[prefix]?.unconfirmedSince = nil
            }
        }
    }

    func isStale(_ node: PresenceGraphNode, now: Double) -> Bool {
        node.unconfirmedSince.map { now >= $0 + settings.staleAfter } ?? false
    }

    /// The nodes joined to this one by links that both ends list (this node's side: the peers it
    /// hears), through nodes that are neither leaving nor stale.
    func reachable(now: Double) -> Set<NodePrefix> {
        let me = NodePrefix(own)
        var seen: Set<NodePrefix> = [me]
        var queue: [NodePrefix] = []
        for link in links.values where isLive(link, now: now) {
            let prefix = NodePrefix(link.peer)
            guard !seen.contains(prefix), let node = graph[prefix], node.node == link.peer, usable(node, now: now),
                node.lists(me)
            else { continue }
            seen.insert(prefix)
            queue.append(prefix)
        }
        while let prefix = queue.popLast() {
            guard let node = graph[prefix] else { continue }
            for neighbour in node.neighbours {
                guard !seen.contains(neighbour), let other = graph[neighbour], usable(other, now: now),
                    other.lists(prefix)
                else { continue }
                seen.insert(neighbour)
                queue.append(neighbour)
            }
        }
        seen.remove(me)
        return seen
    }

    func usable(_ node: PresenceGraphNode, now: Double) -> Bool { !node.leaving && !isStale(node, now: now) }
}

extension PresenceEntry {
    /// Whether a user would see the same: online or not, status, text and game.
    func looksLike(_ other: PresenceEntry) -> Bool {
        isOnline == other.isOnline && record?.status == other.record?.status && record?.text == other.record?.text
            && record?.game == other.record?.game && record?.name == other.record?.name
    }
}
