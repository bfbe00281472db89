import HearthCrypto

/// Presence of one node in one network, without I/O: who is online, as reachability over signed
/// link reports.
///
/// Each node signs a record of its status and the peers it hears on live links, and floods it
/// over its links only when it changes (so idle traffic is one small beacon per link, whatever the
/// network's size). A link silent for `silenceLimit` leaves the record at once, so a node that
/// crashed, froze or was cut off loses its links in its neighbours' records within about a second.
/// An observer shows a node online while a path of links that *both* ends list connects it to the
/// observer. A member cannot forge another's record (signatures) and cannot make a live node look
/// offline (the node stays reachable through its other links); it can keep a dead node online for
/// at most `staleAfter`, unless it is at least half of that node's neighbours: a record most of
/// whose neighbours no longer list it back for `staleAfter` is stale (had its node been alive, it
/// would have signed a new one). Lifeguard's idea: a node that woke up late doubts its own
/// judgement for `doubtPeriod`.
public struct PresenceMachine: Sendable {
    struct LinkState: Sendable {
        var peer: NodeID
        var openedAt: Double
        var lastHeard: Double
        var nextBeacon: Double
        /// Whether this node answered the peer's digest (one per link; a later one is ignored).
        var answeredDigest = false
        /// Whether the peer sent anything of presence on this link yet: a peer that does not
        /// speak it (another implementation, an older node) is left out of the record rather
        /// than flapping in and out of it between its pings.
        var speaks = false
    }

    struct Held: Sendable {
        var sealed: SealedPresence
        var receivedAt: Double
    }

    public let own: NodeID
    public let settings: PresenceSettings
    let sealer: any PresenceSealer
    var links: [ConnectionID: LinkState] = [:]
    var records: [NodeID: Held] = [:]
    /// The records' links, for the view.
    var graph: [NodePrefix: PresenceGraphNode] = [:]
    public private(set) var ownRecord: SealedPresence
    var chosenStatus: PresenceStatus = .online
    var lastActivity: Double
    var shown: [NodeID: PresenceEntry] = [:]
    /// The nodes `shown` has online, and those whose record changed since the view was worked out.
    var shownOnline: Set<NodePrefix> = []
    var recordsSinceView: Set<NodePrefix> = []
    var lastViewAt = -Double.infinity
    var doubtUntil = -Double.infinity
    /// When the shown view must be worked out again even if nothing arrives (a record turning
    /// stale, doubt ending).
    var viewDeadline = Double.infinity
    /// When the machine expects its next tick; a much later call means this node was stalled.
    var plannedWake: Double?
    public internal(set) var drops = PresenceDrops()
    public private(set) var stalls = 0

    // Signals (`PresenceMachine+Signals.swift`).
    var signalCounter: UInt64
    /// The newest counter seen of each node's signals, per key.
    var heardSignals: [NodeID: [LiveSignal.Key: UInt64]] = [:]
    /// The highest counter of each node's signals whose keys were forgotten (typing that ended).
    var signalFloor: [NodeID: UInt64] = [:]
    /// Where others are typing, and until when it shows.
    var typingShown: [NodeID: [TypingPlace: Double]] = [:]
    var focusShown: [NodeID: FocusTarget] = [:]
    /// Where this node's user is typing: when the last signal went out, and when it lapses.
    var ownTyping: [TypingPlace: (sent: Double, lapses: Double)] = [:]
    var lastFocusSent = -Double.infinity
    /// A focus waiting for its turn (`SignalLimits.focusInterval`); `.some(nil)` clears it.
    var pendingFocus: FocusTarget??
    /// Others' app signals shown, per node and key (their data), and as signed, to hand a new link.
    var appShown: [NodeID: [AppSignal.Key: [UInt8]]] = [:]
    var appSealed: [NodeID: [AppSignal.Key: SealedSignal]] = [:]
    /// This node's own app signals as last sent (state: a new link gets them).
    var ownAppSealed: [AppSignal.Key: SealedSignal] = [:]
    /// When this node last sent each of its app signals, and data waiting for its turn.
    var ownAppSent: [AppSignal.Key: Double] = [:]
    var pendingApp: [AppSignal.Key: [UInt8]] = [:]

    /// - Parameter firstCounter: above any counter this node used before (microseconds of the
    ///   wall clock work).
    public init(
        own: NodeID, sealer: any PresenceSealer, settings: PresenceSettings = PresenceSettings(), now: Double,
        firstCounter: UInt64, name: String = ""
    ) {
        self.own = own
        self.settings = settings
        self.sealer = sealer
        lastActivity = now
        signalCounter = firstCounter
        ownRecord = sealer.seal(
            PresenceRecord(node: own, counter: firstCounter, status: .online, name: Self.shortened(name)))
    }

    /// `name` cut to whole characters within `PresenceLimits.nameBytes`.
    static func shortened(_ name: String) -> String {
        var short = ""
        for character in name {
            guard short.utf8.count + character.utf8.count <= PresenceLimits.nameBytes else { break }
            short.append(character)
        }
        return short
    }

    // MARK: Queries

    /// Every node this one holds a record of (itself included), as it shows them.
    public var entries: [PresenceEntry] {
        var all = Array(shown.values)
        all.append(ownEntry)
        return all.sorted { $0.node < $1.node }
    }

    public func entry(of node: NodeID) -> PresenceEntry? { node == own ? ownEntry : shown[node] }

    var ownEntry: PresenceEntry {
        PresenceEntry(node: own, isOnline: ownRecord.record.status != .leaving, record: ownRecord.record)
    }

    public func isOnline(_ node: NodeID) -> Bool { node == own || shown[node]?.isOnline == true }

    // MARK: Events

    /// A link came up: the peer is heard from now on, and the two exchange digests.
    public mutating func linkUp(_ connection: ConnectionID, peer: NodeID, now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        links[connection] = LinkState(
            peer: peer, openedAt: now, lastHeard: now, nextBeacon: now + settings.beaconInterval)
        actions.append(.send(connection, .digest(digest)))
        actions += resignIfChanged(now: now)
        actions += viewMayHaveChanged(now: now)
        return finish(actions, now: now)
    }

    public mutating func linkDown(_ connection: ConnectionID, now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        guard links.removeValue(forKey: connection) != nil else { return finish(actions, now: now) }
        actions += resignIfChanged(now: now)
        actions += viewMayHaveChanged(now: now)
        return finish(actions, now: now)
    }

    /// Something other than presence arrived on the link: the peer is alive.
    public mutating func heard(on connection: ConnectionID, now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        actions += hear(connection, now: now)
        return finish(actions, now: now)
    }

    public mutating func received(_ message: PresenceMessage, on connection: ConnectionID, now: Double)
        -> [PresenceAction]
    {
        noticeStall(now)
        var actions: [PresenceAction] = []
        guard let link = links[connection] else { return finish(actions, now: now) }
        if !link.speaks {
            links[connection]?.speaks = true
            links[connection]?.lastHeard = -Double.infinity  // so `hear` finds it newly live
        }
        actions += hear(connection, now: now)
        switch message {
        case .beacon:
            break
        case .digest(let entries):
            guard links[connection]?.answeredDigest == false else { break }
            links[connection]?.answeredDigest = true
            actions += answer(entries, on: connection)
        case .records(let list):
            actions += accept(list, from: connection, now: now)
        case .signals(let list):
            actions += acceptSignals(list, from: connection, now: now)
        }
        return finish(actions, now: now)
    }

    /// The user or an app set this node's status.
    public mutating func setStatus(
        _ status: PresenceStatus, text: String = "", game: InGame? = nil, now: Double
    ) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        guard chosenStatus != .leaving else { return finish(actions, now: now) }  // it said goodbye
        chosenStatus = status
        lastActivity = now
        var record = ownRecord.record
        record.text = String(text.prefix(PresenceLimits.textCharacters))
        record.game = game
        actions += publish(current(record, now: now))
        return finish(actions, now: now)
    }

    /// The user renamed this node: the name goes out in a new record.
    public mutating func setName(_ name: String, now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        guard chosenStatus != .leaving else { return finish(actions, now: now) }
        var record = ownRecord.record
        record.name = Self.shortened(name)
        actions += publish(current(record, now: now))
        return finish(actions, now: now)
    }

    /// The game this node's user is in changed, as an app found out (a game server lists a player
    /// the user claims): only the record's game changes, and it is not the user's activity. The
    /// same game again sends nothing.
    public mutating func setGame(_ game: InGame?, now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        guard chosenStatus != .leaving, ownRecord.record.game != game else { return finish(actions, now: now) }
        var record = ownRecord.record
        record.game = game
        actions += publish(current(record, now: now))
        return finish(actions, now: now)
    }

    /// The user did something (CLI, API, UI): an automatic idle ends.
    public mutating func activity(now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        lastActivity = now
        actions += resignIfChanged(now: now)
        return finish(actions, now: now)
    }

    /// The node is stopping: a record that says so goes out on every link.
    public mutating func leave(now: Double) -> [PresenceAction] {
        chosenStatus = .leaving
        var record = ownRecord.record
        record.neighbours = []
        record.status = .leaving
        return publish(record)
    }

    /// Beacons, links gone silent, idle, and stale records.
    public mutating func tick(now: Double) -> [PresenceAction] {
        noticeStall(now)
        var actions: [PresenceAction] = []
        for (connection, link) in links.sorted(by: { $0.key < $1.key }) where now >= link.nextBeacon {
            actions.append(.send(connection, .beacon))
            let next = max(link.nextBeacon + settings.beaconInterval, now)
            links[connection]?.nextBeacon = next
        }
        actions += signalTimers(now: now)
        let resigned = resignIfChanged(now: now)
        actions += resigned
        if now >= viewDeadline {
            actions += refreshView(now: now)
        } else if !resigned.isEmpty {
            actions += viewMayHaveChanged(now: now)
        }
        return finish(actions, now: now)
    }

    /// When `tick` next has something to do.
    public func nextWakeup(after now: Double) -> Double? {
        var next = Double.infinity
        for link in links.values {
            next = min(next, link.nextBeacon)
            if isLive(link, now: now) { next = min(next, link.lastHeard + settings.silenceLimit) }
        }
        next = min(next, viewDeadline, nextSignalDeadline)
        if settings.idleAfter > 0, chosenStatus == .online, ownRecord.record.status == .online {
            next = min(next, lastActivity + settings.idleAfter)
        }
        return next.isFinite ? max(next, now) : nil
    }

    // MARK: Parts

    /// Lifeguard: a call long after the planned wake-up means this node did not run meanwhile;
    /// what it did not hear then says nothing about its peers.
    mutating func noticeStall(_ now: Double) {
        guard let planned = plannedWake, now - planned > settings.stallThreshold else { return }
        stalls += 1
        doubtUntil = now + settings.doubtPeriod
        viewDeadline = min(viewDeadline, doubtUntil)
        for connection in Array(links.keys) { links[connection]?.lastHeard = now }
        plannedWake = nil
    }

    mutating func finish(_ actions: [PresenceAction], now: Double) -> [PresenceAction] {
        plannedWake = nextWakeup(after: now)
        return actions
    }

    mutating func hear(_ connection: ConnectionID, now: Double) -> [PresenceAction] {
        guard let link = links[connection] else { return [] }
        let wasLive = isLive(link, now: now)
        links[connection]?.lastHeard = now
        return wasLive ? [] : resignIfChanged(now: now) + viewMayHaveChanged(now: now)
    }

    /// Deadlines are compared as sums, the same sums `nextWakeup` returns: `now - lastHeard <
    /// limit` can still hold at `now == lastHeard + limit` by rounding, and a wake-up that finds
    /// nothing due would come again at the same instant, for ever.
    func isLive(_ link: LinkState, now: Double) -> Bool { link.speaks && now < link.lastHeard + settings.silenceLimit }

    /// The peers this node's record lists: those heard within `silenceLimit` (at most
    /// `PresenceLimits.neighbours`, which a node keeping more links than that leaves out).
    func currentNeighbours(now: Double) -> [NodePrefix] {
        Array(
            Set(links.values.filter { isLive($0, now: now) }.map { NodePrefix($0.peer) }).sorted()
                .prefix(PresenceLimits.neighbours))
    }

    /// `base` with this node's current neighbours and status (idle after `idleAfter` without
    /// activity, unless the user chose another status).
    func current(_ base: PresenceRecord, now: Double) -> PresenceRecord {
        var record = base
        record.neighbours = currentNeighbours(now: now)
        let idle = settings.idleAfter > 0 && now >= lastActivity + settings.idleAfter
        record.status = chosenStatus == .online && idle ? .idle : chosenStatus
        return record
    }

    mutating func resignIfChanged(now: Double) -> [PresenceAction] {
        guard chosenStatus != .leaving else { return [] }
        let record = current(ownRecord.record, now: now)
        return record == ownRecord.record ? [] : publish(record)
    }

    /// Signs `record` with the next counter and sends it on every link.
    mutating func publish(_ record: PresenceRecord) -> [PresenceAction] {
        guard ownRecord.record.counter < UInt64.max else { return [] }  // no higher counter is left
        var record = record
        record.counter = ownRecord.record.counter + 1
        ownRecord = sealer.seal(record)
        return links.keys.sorted().map { .send($0, .records([ownRecord])) }
    }

    var digest: [PresenceDigestEntry] {
        [PresenceDigestEntry(node: own, counter: ownRecord.record.counter)]
            + records.map { PresenceDigestEntry(node: $0.key, counter: $0.value.sealed.record.counter) }
            .sorted { $0.node < $1.node }
    }

    /// Sends the records a peer's digest lacks or holds older.
    func answer(_ entries: [PresenceDigestEntry], on connection: ConnectionID) -> [PresenceAction] {
        var theirs: [NodeID: UInt64] = [:]
        for entry in entries.prefix(PresenceLimits.digestEntries) { theirs[entry.node] = entry.counter }
        var missing: [SealedPresence] = []
        if (theirs[own] ?? 0) < ownRecord.record.counter { missing.append(ownRecord) }
        for (node, held) in records.sorted(by: { $0.key < $1.key })
        where (theirs[node] ?? 0) < held.sealed.record.counter {
            missing.append(held.sealed)
        }
        // Then the app states held (they are state, not moments: a new link gets them), after the
        // records, so that the peer holds the record of each signal's node when the signal comes.
        var states = ownAppSealed.sorted { $0.key < $1.key }.map(\.value)
        for (_, held) in appSealed.sorted(by: { $0.key < $1.key }) {
            states += held.sorted { $0.key < $1.key }.map(\.value)
        }
        return Self.chunks(missing).map { .send(connection, .records($0)) }
            + Self.chunks(states, of: SignalLimits.perMessage).map { .send(connection, .signals($0)) }
    }

    /// Checks, keeps and floods records that are new.
    mutating func accept(_ list: [SealedPresence], from connection: ConnectionID, now: Double) -> [PresenceAction] {
        var fresh: [SealedPresence] = []
        var actions: [PresenceAction] = []
        for sealed in list {
            let record = sealed.record
            guard
                sealed.body.count <= PresenceLimits.bodyBytes, record.text.count <= PresenceLimits.textCharacters,
                record.neighbours.count <= PresenceLimits.neighbours
            else {
                drops.oversized += 1
                continue
            }
            if record.node == own {
                // A record this node signed before it restarted: continue above its counter.
                if record.counter > ownRecord.record.counter, sealer.isAuthentic(sealed) {
                    ownRecord.record.counter = record.counter
                    actions += publish(ownRecord.record)
                }
                continue
            }
            if let held = records[record.node], held.sealed.record.counter >= record.counter {
                if held.sealed.record.counter > record.counter { drops.older += 1 }
                continue
            }
            guard sealer.isAuthentic(sealed) else {
                drops.badSignature += 1
                continue
            }
            let prefix = NodePrefix(record.node)
            if let holder = graph[prefix]?.node, holder != record.node {
                drops.prefixTaken += 1
                continue
            }
            guard makeRoom(for: record.node, now: now) else {
                drops.tableFull += 1
                continue
            }
            records[record.node] = Held(sealed: sealed, receivedAt: now)
            graph[prefix] = PresenceGraphNode(record, unconfirmedSince: graph[prefix]?.unconfirmedSince)
            recordsSinceView.insert(prefix)
            fresh.append(sealed)
        }
        guard !fresh.isEmpty else { return actions }
        for (other, _) in links.sorted(by: { $0.key < $1.key }) where other != connection {
            for chunk in Self.chunks(fresh) { actions.append(.send(other, .records(chunk))) }
        }
        actions += viewMayHaveChanged(now: now)
        return actions
    }

    /// `list` in messages of at most `size` items (records or signals).
    static func chunks<Item>(_ list: [Item], of size: Int = PresenceLimits.recordsPerMessage) -> [[Item]] {
        stride(from: 0, to: list.count, by: size).map { Array(list[$0..<min($0 + size, list.count)]) }
    }

    /// A full table forgets, of the nodes not shown online, the one whose record arrived first.
    mutating func makeRoom(for node: NodeID, now: Double) -> Bool {
        guard records[node] == nil, records.count >= PresenceLimits.records else { return true }
        let victim = records.filter { shown[$0.key]?.isOnline != true }
            .min { ($0.value.receivedAt, $0.key) < ($1.value.receivedAt, $1.key) }
        guard let victim else { return false }
        let prefix = NodePrefix(victim.key)
        records[victim.key] = nil
        shown[victim.key] = nil
        forgetSignals(of: victim.key)
        graph[prefix] = nil
        shownOnline.remove(prefix)
        recordsSinceView.remove(prefix)
        return true
    }
}
