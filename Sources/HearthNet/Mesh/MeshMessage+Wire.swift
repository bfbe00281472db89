import Foundation
import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthWire

extension WireEnvelope {
    /// The wire form of a machine's message.
    init(_ message: MeshMessage) {
        self = .with { envelope in
            switch message {
            case .ping(let nonce, let links):
                envelope.ping = .with {
                    $0.nonce = nonce
                    $0.links = UInt32(clamping: links)
                }
            case .pong(let nonce): envelope.pong = .with { $0.nonce = nonce }
            case .syncRequest(let have, let requestID):
                envelope.syncRequest = .with {
                    $0.have = .init(have)
                    $0.requestID = requestID
                }
            case .syncDone(let requestID): envelope.syncDone = .with { $0.requestID = requestID }
            case .pushControl(let control): envelope.pushControl = WirePushControl(control)
            case .peerList(let peers):
                envelope.peers = .with {
                    $0.peers = peers.map { known in
                        .with {
                            $0.nodeID = Data(known.id.bytes)
                            $0.addresses = known.addresses.map(\.description)
                        }
                    }
                }
            case .error(let code, let text):
                envelope.error = .with {
                    $0.code = code
                    $0.message = text
                }
            case .goodbye(let reason): envelope.goodbye = .with { $0.reason = reason }
            }
        }
    }
}

extension MeshMessage {
    /// Reads the link-level messages the machine takes; nil for hellos, change batches and sync
    /// requests, which the driver handles itself.
    init?(_ envelope: WireEnvelope) {
        switch envelope.body {
        case .ping(let ping): self = .ping(nonce: ping.nonce, links: Int(ping.links))
        case .pong(let pong): self = .pong(nonce: pong.nonce)
        case .syncDone(let done): self = .syncDone(requestID: done.requestID)
        case .pushControl(let control): self = .pushControl(PushControl(control))
        case .peers(let list): self = .peerList(list.peers.compactMap(KnownPeer.init))
        case .error(let report): self = .error(code: report.code, message: report.message)
        case .goodbye(let goodbye): self = .goodbye(reason: goodbye.reason)
        case .hello, .changes, .syncRequest, .presence, nil: return nil
        }
    }
}

extension KnownPeer {
    /// Reads a peer-list entry; nil unless the id is 32 bytes. Addresses that do not parse as
    /// `host:port` are skipped.
    init?(_ wire: WireKnownPeer) {
        guard let id = try? NodeID(bytes: Array(wire.nodeID)) else { return nil }
        self.init(id: id, addresses: wire.addresses.prefix(64).compactMap { PeerAddress($0, defaultPort: 0) })
    }
}

extension PushControl {
    /// Reads a wire control, skipping author ids that are not 32 bytes.
    public init(_ wire: WirePushControl) {
        self.init(
            lazy: wire.lazy.compactMap { try? NodeID(bytes: [UInt8]($0)) },
            eager: wire.eager.compactMap { try? NodeID(bytes: [UInt8]($0)) }, allEager: wire.allEager)
    }
}

extension WirePushControl {
    public init(_ control: PushControl) {
        self = .with {
            $0.lazy = control.lazy.map { Data($0.bytes) }
            $0.eager = control.eager.map { Data($0.bytes) }
            $0.allEager = control.allEager
        }
    }
}

extension VersionVector where Replica == NodeID {
    /// Reads a wire vector, skipping entries whose author is not a valid id.
    public init(wire: WireVersionVector) {
        var entries: [NodeID: UInt64] = [:]
        for entry in wire.entries {
            if let author = try? NodeID(bytes: [UInt8](entry.author)) {
                entries[author] = max(entries[author] ?? 0, entry.seq)
            }
        }
        self.init(entries)
    }
}

extension WireVersionVector {
    public init(_ vector: VersionVector<NodeID>) {
        self.init()
        entries = vector.entries.map { author, seq in
            WireVersionEntry.with {
                $0.author = Data(author.bytes)
                $0.seq = seq
            }
        }
    }
}
