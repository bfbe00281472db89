import HearthCrypto

extension Mesh {
    /// Replaces the peers found on the LAN: each is dialled while it is known and not linked,
    /// its addresses in turn, with backoff; one that is no longer known is no longer dialled (a
    /// link to it stays until it breaks). Of two nodes that see each other, the one with the
    /// smaller id dials first and the other only if no link came within a few seconds, so they
    /// rarely both dial.
    public func setCandidates(_ found: [NodeID: [PeerAddress]]) {
        discovered = found
        refreshCandidates()
    }

    /// The peers to dial: those found on the LAN and those peers told about, with their addresses.
    var candidates: [NodeID: [PeerAddress]] {
        var found = discovered
        for (peer, entry) in exchanged {
            found[peer] = (found[peer] ?? []) + entry.addresses.filter { !(found[peer] ?? []).contains($0) }
        }
        return found.filter { $0.key != identity.id && !$0.value.isEmpty }
    }

    /// Starts and stops dialers to match the candidates.
    func refreshCandidates() {
        let candidates = self.candidates
        for (peer, dialer) in candidateDialers where candidates[peer] == nil {
            dialer.cancel()
            candidateDialers[peer] = nil
        }
        guard !isShuttingDown else { return }
        for peer in candidates.keys where candidateDialers[peer] == nil {
            candidateDialers[peer] = Task { await self.dialCandidate(peer) }
        }
    }

    private func dialCandidate(_ peer: NodeID) async {
        if identity.id > peer { try? await Task.sleep(for: .seconds(3)) }
        var backoff = Backoff()
        while !Task.isCancelled && !isShuttingDown {
            if links[peer] != nil {
                backoff.reset()
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard let addresses = candidates[peer] else { return }
            var linked = false
            for address in addresses where !Task.isCancelled {
                if case .success = await dial(address) {
                    linked = true
                    break
                }
            }
            if linked { continue }
            let delay = backoff.nextDelay(random: Double.random(in: 0..<1))
            try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }
}
