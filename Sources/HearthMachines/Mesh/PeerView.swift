import HearthCrypto

/// The peers a node knows but need not be linked to (its passive view), and when each may be
/// dialled: peers found on the LAN, peers named in peer lists (forgotten after a while), and
/// static addresses. Pure: time and randomness are passed in.
struct PeerView: Sendable {
    struct Candidate: Sendable {
        /// Addresses seen on the LAN, kept while discovery shows them.
        var found: [PeerAddress] = []
        /// Addresses from peer lists, and when a list last named the peer.
        var exchanged: [PeerAddress] = []
        var heard = -Double.infinity
        var backoff = Backoff()
        var notBefore: Double
        /// Which of `addresses` the next dial uses.
        var nextAddress = 0
        var dialling: ConnectionID?

        var addresses: [PeerAddress] { found + exchanged.filter { !found.contains($0) } }
    }

    struct StaticPeer: Sendable {
        var backoff = Backoff()
        var notBefore: Double
        var dialling: ConnectionID?
        /// The node this address led to last time.
        var reached: NodeID?
        var lastProblem: String?
    }

    private(set) var candidates: [NodeID: Candidate] = [:]
    private(set) var statics: [PeerAddress: StaticPeer] = [:]
    /// The node each address was last seen to belong to (bounded).
    private(set) var owners: [PeerAddress: NodeID] = [:]
    /// The earliest `heard` of any candidate with exchanged addresses (kept by `heard` and `expire`).
    private(set) var oldestHeard: Double?
    static let ownerCapacity = 4096

    let own: NodeID
    let settings: MeshSettings

    init(own: NodeID, settings: MeshSettings) {
        self.own = own
        self.settings = settings
    }

    // MARK: Learning peers

    mutating func addStatic(_ address: PeerAddress, now: Double) {
        guard statics[address] == nil else { return }
        statics[address] = StaticPeer(notBefore: now)
    }

    func isStatic(_ peer: NodeID) -> Bool { statics.values.contains { $0.reached == peer } }

    /// The first time a peer is known, the node with the larger id waits before dialling it.
    private func firstDial(of peer: NodeID, now: Double) -> Double {
        own > peer ? now + settings.largerIDDialDelay : now
    }

    /// Replaces the peers found on the LAN.
    mutating func setFound(_ found: [NodeID: [PeerAddress]], now: Double) {
        for peer in Array(candidates.keys) where found[peer] == nil {
            candidates[peer]?.found = []
            dropIfUnknown(peer)
        }
        for (peer, addresses) in found where peer != own && !addresses.isEmpty {
            var candidate = candidates[peer] ?? Candidate(notBefore: firstDial(of: peer, now: now))
            candidate.found = addresses
            candidates[peer] = candidate
        }
    }

    /// Takes in a peer list from `source`: at most 256 entries of at most 8 addresses each, not
    /// naming this node or the source; at most `passiveCapacity` peers known only this way.
    mutating func heard(_ peers: [KnownPeer], from source: NodeID, now: Double) {
        for known in peers.prefix(Self.maxListedPeers) where known.id != own && known.id != source {
            let addresses = known.addresses.prefix(Self.maxAddressesPerPeer).filter { $0.port > 0 }
            guard !addresses.isEmpty else { continue }
            var candidate = candidates[known.id] ?? Candidate(notBefore: firstDial(of: known.id, now: now))
            candidate.exchanged = Array(addresses)
            candidate.heard = now
            candidates[known.id] = candidate
            if oldestHeard == nil { oldestHeard = now }
        }
        let exchangedOnly = candidates.filter { $0.value.found.isEmpty && $0.value.dialling == nil }
        if exchangedOnly.count > settings.passiveCapacity {
            let oldest = exchangedOnly.sorted { ($0.value.heard, $0.key) < ($1.value.heard, $1.key) }
            for (peer, _) in oldest.prefix(exchangedOnly.count - settings.passiveCapacity) { candidates[peer] = nil }
        }
    }

    static let maxListedPeers = 256
    static let maxAddressesPerPeer = 8

    /// Forgets what peer lists said that no list has repeated for `exchangedLifetime`.
    mutating func expire(now: Double) {
        for (peer, candidate) in candidates
        where !candidate.exchanged.isEmpty && now - candidate.heard >= settings.exchangedLifetime {
            candidates[peer]?.exchanged = []
            dropIfUnknown(peer)
        }
        oldestHeard = candidates.values.filter { !$0.exchanged.isEmpty }.map(\.heard).min()
    }

    private mutating func dropIfUnknown(_ peer: NodeID) {
        guard let candidate = candidates[peer], candidate.addresses.isEmpty, candidate.dialling == nil else { return }
        candidates[peer] = nil
    }

    /// Records that `address` leads to `peer`.
    mutating func learnOwner(_ address: PeerAddress, is peer: NodeID) {
        if owners[address] == nil && owners.count >= Self.ownerCapacity { owners.removeAll() }
        owners[address] = peer
    }

    /// The earliest time a candidate or static address may be dialled again (for timers).
    func nextDialTime(linked: Set<NodeID>) -> Double? {
        var earliest: Double?
        for candidate in candidates.values where candidate.dialling == nil {
            earliest = min(earliest ?? candidate.notBefore, candidate.notBefore)
        }
        for (_, entry) in statics where entry.dialling == nil && !(entry.reached.map(linked.contains) ?? false) {
            earliest = min(earliest ?? entry.notBefore, entry.notBefore)
        }
        return earliest
    }

    // MARK: Choosing whom to dial

    /// The address to dial `peer` at next, skipping addresses that belong to another linked node.
    func nextAddress(of peer: NodeID, linked: Set<NodeID>) -> PeerAddress? {
        guard let candidate = candidates[peer] else { return nil }
        let usable = candidate.addresses.filter { address in
            guard let owner = owners[address], owner != peer else { return true }
            return !linked.contains(owner)
        }
        guard !usable.isEmpty else { return nil }
        return usable[candidate.nextAddress % usable.count]
    }

    /// Candidates that may be dialled now, in id order.
    func dialable(now: Double, linked: Set<NodeID>) -> [NodeID] {
        candidates.filter { peer, candidate in
            candidate.dialling == nil && candidate.notBefore <= now && !linked.contains(peer)
                && nextAddress(of: peer, linked: linked) != nil
        }.keys.sorted()
    }

    /// Static addresses that may be dialled now: not already leading to a linked node.
    func dialableStatics(now: Double, linked: Set<NodeID>) -> [PeerAddress] {
        statics.filter { _, entry in
            entry.dialling == nil && entry.notBefore <= now && !(entry.reached.map(linked.contains) ?? false)
        }.keys.sorted { $0.description < $1.description }
    }

    mutating func dialling(_ peer: NodeID, on connection: ConnectionID) { candidates[peer]?.dialling = connection }
    mutating func dialling(static address: PeerAddress, on connection: ConnectionID) {
        statics[address]?.dialling = connection
    }

    // MARK: Outcomes

    /// A dial of `peer` failed: the next address is tried at once, and after the last one the
    /// peer waits (exponential backoff with jitter).
    mutating func dialFailed(_ peer: NodeID, now: Double, random: inout some RandomNumberGenerator) {
        guard var candidate = candidates[peer] else { return }
        candidate.dialling = nil
        candidate.nextAddress += 1
        if candidate.nextAddress >= candidate.addresses.count {
            candidate.nextAddress = 0
            candidate.notBefore = now + candidate.backoff.nextDelay(random: Double.random(in: 0..<1, using: &random))
        }
        candidates[peer] = candidate
        dropIfUnknown(peer)
    }

    /// A dial of a static address failed; returns whether `problem` differs from the last one
    /// (worth a log line).
    mutating func staticFailed(
        _ address: PeerAddress, problem: String, now: Double, random: inout some RandomNumberGenerator
    ) -> Bool {
        guard var entry = statics[address] else { return false }
        entry.dialling = nil
        entry.notBefore = now + entry.backoff.nextDelay(random: Double.random(in: 0..<1, using: &random))
        let isNew = entry.lastProblem != problem
        entry.lastProblem = problem
        statics[address] = entry
        return isNew
    }

    /// A dial meant for `expected` reached another node: that address is no longer `expected`'s.
    mutating func reachedOther(_ expected: NodeID, at address: PeerAddress, now: Double) {
        guard var candidate = candidates[expected] else { return }
        candidate.dialling = nil
        candidate.found.removeAll { $0 == address }
        candidate.exchanged.removeAll { $0 == address }
        candidate.nextAddress = 0
        candidate.notBefore = now + candidate.backoff.nextDelay(random: 0.5)
        candidates[expected] = candidate
        dropIfUnknown(expected)
    }

    /// A link to `peer` came up (either way): its backoff starts again.
    mutating func linked(_ peer: NodeID, dialled address: PeerAddress?) {
        if var candidate = candidates[peer] {
            candidate.dialling = nil
            candidate.backoff.reset()
            candidate.nextAddress = 0
            candidates[peer] = candidate
        }
        if let address, var entry = statics[address] {
            entry.dialling = nil
            entry.backoff.reset()
            entry.reached = peer
            entry.lastProblem = nil
            statics[address] = entry
        }
    }

    /// The dial on `connection` ended without a link (refused, duplicate, or lost mid-handshake).
    mutating func dialEnded(
        _ connection: ConnectionID, pause: Double?, now: Double, random: inout some RandomNumberGenerator
    ) {
        for (peer, candidate) in candidates where candidate.dialling == connection {
            if let pause {
                candidates[peer]?.dialling = nil
                candidates[peer]?.notBefore = now + pause
            } else {
                dialFailed(peer, now: now, random: &random)
            }
        }
        for (address, entry) in statics where entry.dialling == connection {
            var entry = entry
            entry.dialling = nil
            // A refused static address still backs off, never sooner than the pause.
            let delay = entry.backoff.nextDelay(random: Double.random(in: 0..<1, using: &random))
            entry.notBefore = now + max(pause ?? 0, delay)
            statics[address] = entry
        }
    }

    /// The static address was seen to lead to `peer` (whether or not a link came of it), so it is
    /// not dialled while `peer` is linked.
    mutating func staticReached(_ address: PeerAddress, is peer: NodeID) {
        statics[address]?.reached = peer
    }

    /// The link to `peer` ended: it may be dialled again after `pause` (or after a short backoff);
    /// a static address that reached it, after `staticPause` (or the backoff).
    mutating func unlinked(
        _ peer: NodeID, pause: Double?, staticPause: Double?, now: Double, random: inout some RandomNumberGenerator
    ) {
        if var candidate = candidates[peer] {
            candidate.notBefore =
                now + (pause ?? candidate.backoff.nextDelay(random: Double.random(in: 0..<1, using: &random)))
            candidates[peer] = candidate
        }
        for (address, entry) in statics where entry.reached == peer {
            var entry = entry
            entry.notBefore =
                now + (staticPause ?? entry.backoff.nextDelay(random: Double.random(in: 0..<1, using: &random)))
            statics[address] = entry
        }
    }
}

extension PeerView {
    /// When `expire` next forgets a peer-list entry (at most this early: a later list may have
    /// named the peer again).
    var nextExpiry: Double? {
        oldestHeard.map { $0 + settings.exchangedLifetime }
    }
}
