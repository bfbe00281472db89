/// The games' `modNames` tables (`g_combat.c`), used to tell a whole `Kill` line from one cut short:
/// the weapon is the line's last word, so a line cut inside it still looks like a kill.
enum MeansOfDeath {
    /// OpenArena and ioquake3's missionpack (`MISSIONPACK` defined).
    static let openArena: [StaticString] = [
        "MOD_UNKNOWN", "MOD_SHOTGUN", "MOD_GAUNTLET", "MOD_MACHINEGUN", "MOD_GRENADE", "MOD_GRENADE_SPLASH",
        "MOD_ROCKET", "MOD_ROCKET_SPLASH", "MOD_PLASMA", "MOD_PLASMA_SPLASH", "MOD_RAILGUN", "MOD_LIGHTNING",
        "MOD_BFG", "MOD_BFG_SPLASH", "MOD_WATER", "MOD_SLIME", "MOD_LAVA", "MOD_CRUSH", "MOD_TELEFRAG",
        "MOD_FALLING", "MOD_SUICIDE", "MOD_TARGET_LASER", "MOD_TRIGGER_HURT", "MOD_NAIL", "MOD_CHAINGUN",
        "MOD_PROXIMITY_MINE", "MOD_KAMIKAZE", "MOD_JUICED", "MOD_GRAPPLE",
    ]
    /// ioquake3's baseq3: the same up to `MOD_TRIGGER_HURT`, then `MOD_GRAPPLE` at 23.
    static let baseQ3GrappleIndex = 23

    /// Whether the weapon in `range` can be the whole name for `number`: anything but a strict
    /// prefix of the name a known table gives that number (a line cut inside its last word).
    static func isComplete(_ scanner: ByteScanner, _ range: Range<Int>, number: Int) -> Bool {
        guard !range.isEmpty else { return false }
        let first: StaticString? = number >= 0 && number < openArena.count ? openArena[number] : nil
        let second: StaticString? = number == baseQ3GrappleIndex ? "MOD_GRAPPLE" : nil
        for name in [first, second] {
            if let name, scanner.range(range, equals: name) { return true }
        }
        for name in [first, second] {
            if let name, range.count < name.utf8CodeUnitCount, scanner.matchesPrefix(of: name, in: range) {
                return false
            }
        }
        return true
    }
}

extension ByteScanner {
    /// Whether the bytes of `range` are the first `range.count` bytes of `literal`.
    fileprivate func matchesPrefix(of literal: StaticString, in range: Range<Int>) -> Bool {
        guard range.count <= literal.utf8CodeUnitCount else { return false }
        let start = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }
}
