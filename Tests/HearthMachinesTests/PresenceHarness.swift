import HearthCrypto

@testable import HearthMachines

/// Signs with a keyed checksum instead of Ed25519: enough to tell forged bytes from signed ones.
struct ChecksumSealer: PresenceSealer {
    func seal(_ record: PresenceRecord) -> SealedPresence {
        let body = Array("\(record)".utf8)
        return SealedPresence(record: record, body: body, signature: Self.signature(body, by: record.node))
    }

    func isAuthentic(_ sealed: SealedPresence) -> Bool {
        sealed.body == Array("\(sealed.record)".utf8)
            && sealed.signature == Self.signature(sealed.body, by: sealed.record.node)
    }

    func seal(_ signal: LiveSignal) -> SealedSignal {
        let body = Array("\(signal)".utf8)
        return SealedSignal(signal: signal, body: body, signature: Self.signature(body, by: signal.node))
    }

    func isAuthentic(_ sealed: SealedSignal) -> Bool {
        sealed.body == Array("\(sealed.signal)".utf8)
            && sealed.signature == Self.signature(sealed.body, by: sealed.signal.node)
    }

    static func signature(_ body: [UInt8], by node: NodeID) -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in node.bytes + body { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return withUnsafeBytes(of: hash) { Array($0) }
    }
}

/// A few presence machines joined by instant links on a fake clock. A frozen node runs nothing
/// and hears nothing until it thaws (what reached it meanwhile arrives then); a cut link carries
/// nothing.
struct PresenceHarness {
    var machines: [PresenceMachine]
    var ids: [NodeID]
    var now = 0.0
    /// For each link (a, b): the connection id on a's side is `link(a, b)`.
    var linked: Set<[Int]> = []
    var cut: Set<[Int]> = []
    var frozenUntil: [Int: Double] = [:]
    var dead: Set<Int> = []
    var held: [Int: [(ConnectionID, PresenceMessage)]] = [:]
    /// Every `.changed` each node reported, with when.
    var changes: [Int: [(at: Double, entry: PresenceEntry)]] = [:]
    var signals: [Int: [(at: Double, event: SignalEvent)]] = [:]

    init(nodes: Int, settings: PresenceSettings = PresenceSettings()) {
        ids = (0..<nodes).map { number in try! NodeID(bytes: [UInt8](repeating: UInt8(number + 1), count: 32)) }
        machines = ids.map {
            PresenceMachine(own: $0, sealer: ChecksumSealer(), settings: settings, now: 0, firstCounter: 1000)
        }
    }

    static func connection(_ a: Int, _ b: Int) -> ConnectionID { ConnectionID(rawValue: UInt64(a * 1000 + b)) }

    func peer(of number: Int, on connection: ConnectionID) -> Int { Int(connection.rawValue) % 1000 }

    mutating func link(_ a: Int, _ b: Int) {
        linked.insert([a, b])
        linked.insert([b, a])
        perform(machines[a].linkUp(Self.connection(a, b), peer: ids[b], now: now), at: a)
        perform(machines[b].linkUp(Self.connection(b, a), peer: ids[a], now: now), at: b)
    }

    mutating func unlink(_ a: Int, _ b: Int) {
        linked.remove([a, b])
        linked.remove([b, a])
        if !dead.contains(a) { perform(machines[a].linkDown(Self.connection(a, b), now: now), at: a) }
        if !dead.contains(b) { perform(machines[b].linkDown(Self.connection(b, a), now: now), at: b) }
    }

    func isRunning(_ number: Int) -> Bool { !dead.contains(number) && (frozenUntil[number] ?? 0) <= now }

    var outbox: [(from: Int, ConnectionID, PresenceMessage)] = []
    var delivering = false

    /// Carries out actions; messages go out in order, one at a time (no recursion).
    mutating func perform(_ actions: [PresenceAction], at number: Int) {
        for action in actions {
            switch action {
            case .changed(let entry): changes[number, default: []].append((now, entry))
            case .signal(let event): signals[number, default: []].append((now, event))
            case .send(let connection, let message): outbox.append((number, connection, message))
            }
        }
        guard !delivering else { return }
        delivering = true
        while !outbox.isEmpty {
            let (from, connection, message) = outbox.removeFirst()
            deliver(message, from: from, on: connection)
        }
        delivering = false
    }

    mutating func deliver(_ message: PresenceMessage, from number: Int, on connection: ConnectionID) {
        let to = peer(of: number, on: connection)
        guard linked.contains([number, to]), !cut.contains([number, to]), !dead.contains(to) else { return }
        let back = Self.connection(to, number)
        if isRunning(to) {
            perform(machines[to].received(message, on: back, now: now), at: to)
        } else {
            held[to, default: []].append((back, message))
        }
    }

    /// Runs every machine's timers up to `time`, in order.
    mutating func run(until time: Double) {
        while true {
            var next: (at: Double, node: Int)?
            for number in machines.indices where !dead.contains(number) {
                let wake = max(machines[number].nextWakeup(after: now) ?? .infinity, frozenUntil[number] ?? 0)
                if wake <= time, next.map({ wake < $0.at }) ?? true { next = (wake, number) }
            }
            guard let (at, number) = next else { break }
            now = max(now, at)
            for (connection, message) in held.removeValue(forKey: number) ?? [] {
                perform(machines[number].received(message, on: connection, now: now), at: number)
            }
            perform(machines[number].tick(now: now), at: number)
        }
        now = time
    }

    mutating func run(for duration: Double) { run(until: now + duration) }

    func sees(_ observer: Int, _ node: Int) -> Bool { machines[observer].isOnline(ids[node]) }

    /// When `observer` last reported `node` going offline.
    func wentOffline(_ observer: Int, _ node: Int) -> Double? {
        changes[observer]?.last { $0.entry.node == ids[node] && !$0.entry.isOnline }?.at
    }

    /// Whether `observer` ever reported `node` offline after `time`.
    func everOffline(_ observer: Int, _ node: Int, after time: Double) -> Bool {
        changes[observer, default: []].contains { $0.at > time && $0.entry.node == ids[node] && !$0.entry.isOnline }
    }
}

extension PresenceHarness: CustomStringConvertible {
    var description: String { "harness of \(machines.count) nodes at \(now)" }
}
