import Foundation
import HearthCrypto
import HearthMachines
import HearthWire

/// The fuzz target's way into presence (`FuzzNode`): a `Presence` message from a peer, read
/// and handed to a machine, must never trap, and what is read keeps to the limits.
@_spi(Fuzzing) public enum PresenceFuzzing {
    static let network: [UInt8] = Array(1...8)
    static let signer = NodeIdentity(fixedSeed: 3)

    public static func run(_ bytes: [UInt8]) {
        guard let wire = try? WirePresence(serializedBytes: bytes),
            let read = try? ReadPresence(wire, network: network)
        else { return }
        if case .signals(let list) = read.message {
            guard list.count <= SignalLimits.perMessage, list.allSatisfy({ $0.signal.isWithinLimits }) else {
                fatalError("a signal over the limits was read")
            }
        }
        if case .records(let list) = read.message {
            guard list.count <= PresenceLimits.recordsPerMessage else { fatalError("too many records were read") }
            for sealed in list {
                let record = sealed.record
                guard sealed.body.count <= PresenceLimits.bodyBytes, record.text.count <= PresenceLimits.textCharacters,
                    record.neighbours.count <= PresenceLimits.neighbours, sealed.signature.count == 64
                else { fatalError("a record over the limits was read") }
            }
        }
        // An observer that already holds the signer's record, so signals reach the view.
        let observer = NodeIdentity(fixedSeed: 4)
        var machine = PresenceMachine(
            own: observer.id, sealer: PresenceSigning(identity: observer, network: network), now: 0, firstCounter: 1)
        let link = ConnectionID(rawValue: 1)
        _ = machine.linkUp(link, peer: signer.id, now: 0)
        _ = machine.received(.records([signerRecord]), on: link, now: 0)
        _ = machine.received(read.message, on: link, now: 0.1)
        _ = machine.tick(now: 3)
        _ = machine.entries
    }

    /// A beacon, a digest and records as peers send them (one signed by the signer for the
    /// fuzz network, so mutations reach the signature check and the view).
    static let signerRecord = PresenceSigning(identity: signer, network: network).seal(
        PresenceRecord(node: signer.id, counter: 1, status: .online, name: "signer"))

    public static func seeds() -> [String: [UInt8]] {
        let sealer = PresenceSigning(identity: signer, network: network)
        let record = PresenceRecord(
            node: signer.id, counter: 1_764_000_000_000_000, status: .away, text: "pizza run",
            game: InGame(game: "openarena", map: "oa_dm1", server: "10.0.0.5:27960"),
            neighbours: [NodePrefix(rawValue: 0x0909_0909_0909_0909)])
        let messages: [String: PresenceMessage] = [
            "presence-beacon": .beacon,
            "presence-records": .records([sealer.seal(record)]),
            "presence-digest": .digest([PresenceDigestEntry(node: signer.id, counter: 5)]),
            "presence-signals": .signals([
                sealer.seal(
                    LiveSignal(
                        node: signer.id, counter: 7, content: .typing(TypingPlace(channel: "general"), active: true))),
                sealer.seal(
                    LiveSignal(
                        node: signer.id, counter: 8,
                        content: .focus(FocusTarget(object: [UInt8](repeating: 5, count: 16), position: [0, 1])))),
                sealer.seal(
                    LiveSignal(
                        node: signer.id, counter: 9,
                        content: .app(
                            AppSignal(app: "stats.live", object: [UInt8](repeating: 6, count: 16), data: [8, 1, 16, 2]))
                    )),
            ]),
        ]
        return messages.mapValues { message in
            guard case .presence(let presence) = WireEnvelope(presence: message).body else { return [] }
            return (try? presence.serializedBytes()) ?? []
        }
    }
}

extension NodeIdentity {
    /// An identity from a seed of 32 equal bytes (fuzzing and vectors only).
    init(fixedSeed byte: UInt8) {
        var seed = [UInt8](repeating: byte, count: 32)
        self = try! NodeIdentity(seed: &seed)
    }
}
