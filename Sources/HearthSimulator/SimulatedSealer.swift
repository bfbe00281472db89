import HearthMachines

/// The simulator's stand-in for signing: bodies of the size the wire form has (so byte counts
/// are real), a 64-byte signature, and every record authentic (no attacker runs in a simulation;
/// the machine's tests cover forged and replayed records).
struct SimulatedSealer: PresenceSealer {
    func seal(_ record: PresenceRecord) -> SealedPresence {
        // node id, counter, status, text, game, and each neighbour's 8-byte prefix, with their tags.
        var size = 34 + 11 + 2 + 2 + record.text.utf8.count + 10 * record.neighbours.count
        if let game = record.game { size += 8 + game.game.utf8.count + game.map.utf8.count + game.server.utf8.count }
        return SealedPresence(
            record: record, body: [UInt8](repeating: 0, count: size), signature: [UInt8](repeating: 0, count: 64))
    }

    func isAuthentic(_ sealed: SealedPresence) -> Bool { true }

    func seal(_ signal: LiveSignal) -> SealedSignal {
        // node id, network, counter, and the typing place, the focus or the app's state.
        var size = 34 + 10 + 11 + 4
        switch signal.content {
        case .typing(let place, _): size += place.channel.utf8.count + place.thread.utf8.count + 4
        case .focus(let target): size += (target?.position.count ?? 0) + 20
        case .app(let app): size += app.app.utf8.count + app.data.count + 24
        }
        return SealedSignal(
            signal: signal, body: [UInt8](repeating: 0, count: size), signature: [UInt8](repeating: 0, count: 64))
    }

    func isAuthentic(_ sealed: SealedSignal) -> Bool { true }

    /// Bytes of one presence message on a link: its fields and tags, the envelope, and the
    /// frame's length and authentication tag.
    static func wireBytes(_ message: PresenceMessage) -> Int {
        let frame = 2 + 16 + 4
        switch message {
        case .beacon: return frame + 4  // the envelope's and the presence message's tags and lengths
        case .records(let list): return frame + list.reduce(0) { $0 + $1.body.count + $1.signature.count + 6 }
        case .digest(let entries): return frame + 45 * entries.count
        case .signals(let list): return frame + list.reduce(0) { $0 + $1.body.count + $1.signature.count + 6 }
        }
    }
}
