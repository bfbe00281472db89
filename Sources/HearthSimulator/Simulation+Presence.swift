import HearthCrypto
import HearthMachines

/// Presence in the simulator: each node runs a `PresenceMachine` beside its mesh, told of the
/// links the mesh brings up and closes and of everything heard on them.
extension Simulation {
    /// One `.changed` a node reported: when, by whom (observer), of whom, and online or not.
    public struct PresenceChange: Sendable {
        public var at: Double
        public var observer: Int
        public var node: Int
        public var isOnline: Bool
    }

    func newPresence(_ number: Int) -> PresenceMachine? {
        guard settings.presence else { return nil }
        return PresenceMachine(
            own: nodes[number].id, sealer: SimulatedSealer(), settings: settings.presenceSettings, now: now,
            firstCounter: UInt64(now * 1_000_000) + 1)
    }

    /// Hands node `number`'s presence machine to `body` and carries out its actions.
    func runPresence(_ number: Int, _ body: (inout PresenceMachine, Double) -> [PresenceAction]) {
        guard nodes[number].alive, var machine = nodes[number].presence else { return }
        let actions = body(&machine, now)
        nodes[number].presence = machine
        for action in actions {
            switch action {
            case .send(let connection, let message):
                metrics.presenceBytes[number, default: 0] += SimulatedSealer.wireBytes(message)
                send(.presence(message), from: end(number, connection))
            case .changed(let entry):
                guard let node = index[entry.node] else { continue }
                presenceChanges.append(PresenceChange(at: now, observer: number, node: node, isOnline: entry.isOnline))
            case .signal:
                break  // typing and focus are measured between real processes (`scripts/bench presence`)
            }
        }
        reschedulePresence(number)
    }

    func reschedulePresence(_ number: Int) {
        guard nodes[number].alive, let wake = nodes[number].presence?.nextWakeup(after: now) else { return }
        if let current = nodes[number].presenceWakeAt, current > now, current <= wake { return }
        nodes[number].presenceWakeAt = wake
        queue.push(.presenceTick(number), at: wake)
    }

    /// Whether `observer` shows `node` online.
    public func presenceShows(_ observer: Int, online node: Int) -> Bool {
        nodes[observer].presence?.isOnline(nodes[node].id) ?? false
    }

    /// The node freezes for `duration` (as SIGSTOP): it runs nothing and reads nothing, and what
    /// was sent to it arrives when it thaws.
    public func stall(_ number: Int, for duration: Double) {
        nodes[number].stalledUntil = max(nodes[number].stalledUntil, now + duration)
    }

    /// The node says goodbye on its presence plane and stops a moment later, once it went out.
    public func leave(_ number: Int) {
        runPresence(number) { machine, now in machine.leave(now: now) }
        queue.push(.crash(number), at: now + 0.05)
    }

    /// Presence bytes each node sent per second over `seconds`, since the metrics were reset.
    public func presenceBytesPerSecond(over seconds: Double) -> [Double] {
        nodes.indices.map { Double(metrics.presenceBytes[$0] ?? 0) / seconds }
    }

    /// The node an event happens at, so a stalled node's events wait until it thaws.
    func node(of event: Event) -> Int? {
        switch event {
        case .tick(let number), .presenceTick(let number): number
        case .deliver(let end, _), .connected(let end, _), .responderHello(let end, _, _),
            .initiatorHello(let end, _, _), .dialFailed(let end), .closed(let end, _), .peerClosed(let end, _):
            end.node
        case .accept(_, let target): target
        case .crash: nil
        }
    }
}
