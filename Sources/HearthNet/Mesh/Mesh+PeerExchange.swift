import Foundation
import HearthCrypto
import HearthWire

/// Peer exchange (`Protocol/sync.md`): every node tells its peers where the nodes it has links
/// to accept links, on each new link and every minute, so one reachable peer is enough to find
/// the rest where multicast does not reach. What a peer tells is dialled like what the LAN
/// shows, and forgotten five minutes after the last peer mentioned it.
extension Mesh {
    static let peerListInterval = 60.0
    static let exchangedLifetime = 300.0
    static let maxKnownPeers = 256
    static let maxAddressesPerPeer = 8

    /// The peers this node is linked to, with the address each accepts links on.
    func peerList() -> WirePeerList {
        var list = WirePeerList()
        for (peer, link) in links where link.peerListenPort > 0 {
            let host = Self.host(of: link.address)
            list.peers.append(
                .with {
                    $0.nodeID = Data(peer.bytes)
                    $0.addresses = [PeerAddress(host: host, port: link.peerListenPort).description]
                })
            if list.peers.count == Self.maxKnownPeers { break }
        }
        return list
    }

    /// Sends the peer list on every link.
    func sharePeers() async {
        lastPeerList = Self.monotonicSeconds()
        let list = peerList()
        guard !list.peers.isEmpty else { return }
        for link in links.values { await link.push(WireEnvelope.with { $0.peers = list }) }
    }

    /// Every minute: the peer list again, and what peers told that has not been heard of since.
    func exchangeTick() async {
        let now = Self.monotonicSeconds()
        if now - lastPeerList >= Self.peerListInterval { await sharePeers() }
        let before = exchanged.count
        exchanged = exchanged.filter { now - $0.value.heard < Self.exchangedLifetime }
        if exchanged.count != before { refreshCandidates() }
    }

    /// Takes in a peer's list: entries that are not well formed are skipped.
    func heard(_ list: WirePeerList, from source: NodeID) {
        let now = Self.monotonicSeconds()
        for known in list.peers.prefix(Self.maxKnownPeers) {
            guard let peer = try? NodeID(bytes: Array(known.nodeID)), peer != identity.id, peer != source else {
                continue
            }
            let addresses = known.addresses.prefix(Self.maxAddressesPerPeer).compactMap {
                PeerAddress($0, defaultPort: 0)
            }.filter { $0.port > 0 }
            guard !addresses.isEmpty else { continue }
            exchanged[peer] = (addresses, now)
        }
        refreshCandidates()
    }
}
