import HearthStatsModels

extension MatchStats {
    /// Each participant's best kill streak in `kills`, in the order of `players`.
    ///
    /// A kill of another player adds one to the killer's streak; any death — killed by another,
    /// by oneself or by the world — ends the victim's. Kills name players who are not among
    /// `players` (spectators) are skipped.
    static func bestKillStreaks(_ kills: [KillRecord], players: [PlayerRecord]) -> [Int] {
        let index = PlayerIndex(players.map(\.name))
        var current = [Int](repeating: 0, count: players.count)
        var best = current
        for kill in kills {
            let victim = index[kill.victim]
            if let killer = kill.killer, killer != kill.victim, let k = index[killer] {
                current[k] += 1
                if current[k] > best[k] { best[k] = current[k] }
            }
            if let victim { current[victim] = 0 }
        }
        return best
    }
}

/// Positions of a match's player names, for the kill list's many look-ups. Each name is known by
/// a cheap FNV-1a hash of its bytes, checked with one string comparison: unequal strings compare
/// slowly, equal ones fast, and a name hashes faster than `Hasher` does it.
struct PlayerIndex {
    private let names: [String]
    private let hashes: [UInt64]

    init(_ names: [String]) {
        self.names = names
        hashes = names.map(Self.hash)
    }

    subscript(name: String) -> Int? {
        let hash = Self.hash(name)
        for position in hashes.indices where hashes[position] == hash && names[position] == name {
            return position
        }
        return nil
    }

    /// FNV-1a over the name's bytes, eight at a time where the string is contiguous UTF-8.
    private static func hash(_ name: String) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01b3
        let hashed = name.utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
            var offset = 0
            while offset + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* prime
                offset += 1
            }
            return hash
        }
        if let hashed { return hashed }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}
