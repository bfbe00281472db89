import Foundation
import HearthCrypto
import HearthMachines
import HearthWire

extension WireEnvelope {
    /// The wire form of a presence message.
    init(presence message: PresenceMessage) {
        self = .with { envelope in
            envelope.presence = .with { presence in
                switch message {
                case .beacon:
                    presence.beacon = WirePresenceBeacon()
                case .records(let list):
                    presence.records = .with {
                        $0.records = list.map { sealed in
                            .with {
                                $0.body = Data(sealed.body)
                                $0.signature = Data(sealed.signature)
                            }
                        }
                    }
                case .signals(let list):
                    presence.signals = .with {
                        $0.signals = list.map { sealed in
                            .with {
                                $0.body = Data(sealed.body)
                                $0.signature = Data(sealed.signature)
                            }
                        }
                    }
                case .digest(let entries):
                    presence.digest = .with {
                        $0.entries = entries.map { entry in
                            .with {
                                $0.nodeID = Data(entry.node.bytes)
                                $0.counter = entry.counter
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A presence message as read from a peer, and how many of its records were skipped.
struct ReadPresence {
    var message: PresenceMessage
    /// Records that could not be read: a body that is not a `PresenceBody`, of another network,
    /// over the limits, or a signature that is not 64 bytes. The others are kept.
    var skipped: Int
}

extension ReadPresence {
    /// Reads a presence message of this node's network (`network`: its 8-byte tag).
    /// - Throws: `WireError.undecodableMessage` when the message as a whole breaks the rules
    ///   (too many records or digest entries, a digest entry that names no node); the link closes.
    init(_ wire: WirePresence, network: [UInt8]) throws {
        switch wire.kind {
        case .beacon, nil:
            // A kind this node does not know yet still says the peer speaks presence and is alive.
            self.init(message: .beacon, skipped: 0)
        case .records(let records):
            guard records.records.count <= PresenceLimits.recordsPerMessage else {
                throw WireError(
                    .undecodableMessage,
                    "\(records.records.count) presence records in one message (at most \(PresenceLimits.recordsPerMessage))"
                )
            }
            let read = records.records.compactMap { Self.sealed($0, network: network) }
            self.init(message: .records(read), skipped: records.records.count - read.count)
        case .digest(let digest):
            guard digest.entries.count <= PresenceLimits.digestEntries else {
                throw WireError(
                    .undecodableMessage,
                    "\(digest.entries.count) presence digest entries (at most \(PresenceLimits.digestEntries))")
            }
            let entries = try digest.entries.map { entry in
                guard let node = try? NodeID(bytes: [UInt8](entry.nodeID)) else {
                    throw WireError(.undecodableMessage, "a presence digest entry whose node id is not 32 bytes")
                }
                return PresenceDigestEntry(node: node, counter: entry.counter)
            }
            self.init(message: .digest(entries), skipped: 0)
        case .signals(let signals):
            guard signals.signals.count <= SignalLimits.perMessage else {
                throw WireError(
                    .undecodableMessage,
                    "\(signals.signals.count) signals in one message (at most \(SignalLimits.perMessage))")
            }
            let read = signals.signals.compactMap { Self.sealed($0, network: network) }
            self.init(message: .signals(read), skipped: signals.signals.count - read.count)
        }
    }

    /// One signed signal, or nil when it cannot be read (or is of a kind this node does not know).
    static func sealed(_ wire: WireSignedSignal, network: [UInt8]) -> SealedSignal? {
        let body = [UInt8](wire.body)
        guard body.count <= SignalLimits.appBodyBytes, wire.signature.count == 64,
            let decoded = try? WireSignalBody(serializedBytes: body), decoded.network.elementsEqual(network),
            let node = try? NodeID(bytes: [UInt8](decoded.nodeID))
        else { return nil }
        let content: LiveSignal.Content
        switch decoded.kind {
        case .typing(let typing):
            content = .typing(TypingPlace(channel: typing.channel, thread: typing.thread), active: typing.active)
        case .focus(let focus):
            content = .focus(
                focus.object.isEmpty
                    ? nil : FocusTarget(object: [UInt8](focus.object), position: [UInt8](focus.position)))
        case .app(let app):
            content = .app(AppSignal(app: app.app, object: [UInt8](app.object), data: [UInt8](app.data)))
        case nil:
            return nil
        }
        let signal = LiveSignal(node: node, counter: decoded.counter, content: content)
        guard body.count <= signal.bodyLimit, signal.isWithinLimits else { return nil }
        return SealedSignal(signal: signal, body: body, signature: [UInt8](wire.signature))
    }

    /// One signed record, or nil when it cannot be read.
    static func sealed(_ wire: WireSignedPresence, network: [UInt8]) -> SealedPresence? {
        let body = [UInt8](wire.body)
        guard body.count <= PresenceLimits.bodyBytes, wire.signature.count == 64,
            let decoded = try? WirePresenceBody(serializedBytes: body), decoded.network.elementsEqual(network),
            let node = try? NodeID(bytes: [UInt8](decoded.nodeID)),
            decoded.text.count <= PresenceLimits.textCharacters, decoded.text.utf8.count <= PresenceLimits.textBytes,
            decoded.neighbours.count <= PresenceLimits.neighbours, decoded.name.utf8.count <= PresenceLimits.nameBytes
        else { return nil }
        var game: InGame?
        if decoded.hasGame {
            let wire = decoded.game
            guard wire.game.utf8.count <= InGame.gameBytes, wire.map.utf8.count <= InGame.mapBytes,
                wire.server.utf8.count <= InGame.serverBytes
            else { return nil }
            game = InGame(game: wire.game, map: wire.map, server: wire.server)
        }
        let record = PresenceRecord(
            node: node, counter: decoded.counter, status: decoded.status.status, text: decoded.text, game: game,
            neighbours: decoded.neighbours.map(NodePrefix.init(rawValue:)), name: decoded.name)
        return SealedPresence(record: record, body: body, signature: [UInt8](wire.signature))
    }
}
