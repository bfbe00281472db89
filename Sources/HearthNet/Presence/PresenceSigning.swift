import Foundation
import HearthCrypto
import HearthMachines
import HearthWire

/// Signs this node's presence records with its identity and checks others' signatures
/// (`Protocol/presence.md`, "Records").
struct PresenceSigning: PresenceSealer {
    /// What every signature covers before the body.
    static let domain = Array("hearth/presence/1".utf8) + [0]
    static let signalDomain = Array("hearth/signal/1".utf8) + [0]

    let identity: NodeIdentity
    /// The network's 8-byte tag, in every record this node signs.
    let network: [UInt8]

    func seal(_ record: PresenceRecord) -> SealedPresence {
        // Encoding a message of known fields cannot fail.
        let body: [UInt8] = (try? WirePresenceBody(record, network: network).serializedBytes()) ?? []
        return SealedPresence(record: record, body: body, signature: identity.sign(Self.domain + body))
    }

    func isAuthentic(_ sealed: SealedPresence) -> Bool {
        NodeIdentity.verify(signature: sealed.signature, of: Self.domain + sealed.body, by: sealed.record.node)
    }

    func seal(_ signal: LiveSignal) -> SealedSignal {
        let body: [UInt8] = (try? WireSignalBody(signal, network: network).serializedBytes()) ?? []
        return SealedSignal(signal: signal, body: body, signature: identity.sign(Self.signalDomain + body))
    }

    func isAuthentic(_ sealed: SealedSignal) -> Bool {
        NodeIdentity.verify(signature: sealed.signature, of: Self.signalDomain + sealed.body, by: sealed.signal.node)
    }
}

extension WireSignalBody {
    init(_ signal: LiveSignal, network: [UInt8]) {
        self = .with { body in
            body.nodeID = Data(signal.node.bytes)
            body.network = Data(network)
            body.counter = signal.counter
            switch signal.content {
            case .typing(let place, let active):
                body.typing = .with {
                    $0.channel = place.channel
                    $0.thread = place.thread
                    $0.active = active
                }
            case .focus(let target):
                body.focus = .with {
                    $0.object = Data(target?.object ?? [])
                    $0.position = Data(target?.position ?? [])
                }
            case .app(let app):
                body.app = .with {
                    $0.app = app.app
                    $0.object = Data(app.object)
                    $0.data = Data(app.data)
                }
            }
        }
    }
}

extension WirePresenceBody {
    init(_ record: PresenceRecord, network: [UInt8]) {
        self = .with { body in
            body.nodeID = Data(record.node.bytes)
            body.network = Data(network)
            body.counter = record.counter
            body.status = WirePresenceStatus(record.status)
            body.text = record.text
            if let game = record.game {
                body.game = .with {
                    $0.game = game.game
                    $0.map = game.map
                    $0.server = game.server
                }
            }
            body.neighbours = record.neighbours.map(\.rawValue)
            body.name = record.name
        }
    }
}

extension WirePresenceStatus {
    init(_ status: PresenceStatus) {
        switch status {
        case .online: self = .presenceOnline
        case .idle: self = .presenceIdle
        case .away: self = .presenceAway
        case .dnd: self = .presenceDnd
        case .leaving: self = .presenceLeaving
        }
    }

    /// A status a newer node may send and this one does not know reads as online.
    var status: PresenceStatus {
        switch self {
        case .presenceIdle: .idle
        case .presenceAway: .away
        case .presenceDnd: .dnd
        case .presenceLeaving: .leaving
        case .presenceOnline, .UNRECOGNIZED: .online
        }
    }
}
