import Foundation
import HearthCrypto
import HearthMachines
import HearthWire

/// The presence plane of a mesh: a `PresenceMachine` told of every link the mesh brings up and
/// closes and of everything heard on them, its messages sent on those links
/// (`Protocol/presence.md`).
extension Mesh {
    /// Every node this one holds a record of, itself included, as it shows them.
    public func presenceEntries() -> [PresenceEntry] { presence.entries }

    public func presenceEntry(of node: NodeID) -> PresenceEntry? { presence.entry(of: node) }

    /// The wall-clock time of a moment of this mesh's monotonic clock (an entry's `offlineSince`).
    public nonisolated func wallTime(of moment: Double) -> Date {
        Date(timeIntervalSinceNow: moment - Self.monotonicSeconds())
    }

    /// What was dropped: forged, older, oversized records, a full table, a taken prefix, and
    /// records that could not be read at all.
    public func presenceDrops() -> (drops: PresenceDrops, unreadable: Int) { (presence.drops, presenceSkipped) }

    /// Sets this node's status, text and game, signed and sent on every link.
    public func setPresence(_ status: PresenceStatus, text: String, game: InGame?) async {
        guard !isShuttingDown else { return }
        await performPresence(presence.setStatus(status, text: text, game: game, now: Self.monotonicSeconds()))
    }

    /// Renames this node: its presence record says the new name at once, and Hellos of links
    /// made from now on.
    public func setDisplayName(_ name: String) async {
        guard !isShuttingDown else { return }
        displayName = name
        await performPresence(presence.setName(name, now: Self.monotonicSeconds()))
    }

    /// Sets only the game of this node's record (see `PresenceMachine.setGame`).
    public func setGame(_ game: InGame?) async {
        guard !isShuttingDown else { return }
        await performPresence(presence.setGame(game, now: Self.monotonicSeconds()))
    }

    /// An app's live state changed on this node (see `PresenceMachine.appSignal`).
    public func appSignal(_ signal: AppSignal) async {
        guard !isShuttingDown else { return }
        await performPresence(presence.appSignal(signal, now: Self.monotonicSeconds()))
    }

    /// The user typed in `place` (see `PresenceMachine.typing`).
    public func typing(in place: TypingPlace) async {
        guard !isShuttingDown else { return }
        await performPresence(presence.typing(in: place, now: Self.monotonicSeconds()))
    }

    /// The user sent the message typed in `place`, or left it.
    public func stoppedTyping(in place: TypingPlace) async {
        guard !isShuttingDown else { return }
        await performPresence(presence.stoppedTyping(in: place, now: Self.monotonicSeconds()))
    }

    /// The user looks at `target` (nil: at nothing); coalesced to 30 a second.
    public func focus(_ target: FocusTarget?) async {
        guard !isShuttingDown else { return }
        await performPresence(presence.focus(target, now: Self.monotonicSeconds()))
    }

    /// Where others are typing, and what they look at, as this node shows it.
    public func liveSignals() -> (typing: [NodeID: [TypingPlace]], focus: [NodeID: FocusTarget]) {
        (presence.typingNow, presence.focusNow)
    }

    /// The user did something: an automatic idle ends.
    public func presenceActivity() async {
        guard !isShuttingDown else { return }
        await performPresence(presence.activity(now: Self.monotonicSeconds()))
    }

    func performPresence(_ actions: [PresenceAction]) async {
        for action in actions {
            switch action {
            case .send(let id, let message):
                guard let link = links[id] else { continue }
                let envelope = WireEnvelope(presence: message)
                // The envelope, its 4-byte length, the frame's 2-byte length and 16-byte tag.
                presenceBytesSent += envelope.encoded().count + 4 + 2 + 16
                await link.push(envelope)
            case .changed(let entry):
                await currentDelegate?.presenceChanged(entry)
            case .signal(let event):
                await currentDelegate?.signalArrived(event)
            }
        }
        armTimer()
    }

    /// A presence message arrived on link `id`.
    /// - Throws: `WireError` when it breaks the rules as a whole (the link closes).
    func presenceArrived(_ wire: WirePresence, on id: ConnectionID) async throws {
        let read = try ReadPresence(wire, network: networkTag)
        if read.skipped > 0 {
            presenceSkipped += read.skipped
            logger.debug(
                "skipped unreadable presence records",
                metadata: ["count": "\(read.skipped)", "peer.id": "\(machine.peer(on: id)?.short ?? "?")"])
        }
        await performPresence(presence.received(read.message, on: id, now: Self.monotonicSeconds()))
    }
}
