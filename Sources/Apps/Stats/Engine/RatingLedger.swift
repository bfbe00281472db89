import HearthStatsModels

/// One game mode's Glicko-2 ratings, built match by match in `MatchTimeline` order.
///
/// Each rated match (`RatingPeriod` with games) is one rating period of the mode. Its rated
/// players are updated together from their ratings at its start; every other player known to the
/// mode sat the period out and has only RD increased. Those idle periods are counted, not
/// applied one by one: they are caught up when the player next plays, or when ratings are read.
///
/// The same records give the same ratings whatever order they arrived in: `init(records:…)`
/// sorts them first, and `apply` gives exactly the same result for a match that comes after all
/// it has seen, and answers `.outOfOrder` (changing nothing) for one that does not — rebuild then.
public struct RatingLedger: Sendable {
    /// What `apply` did with a match.
    public enum Outcome: Hashable, Sendable {
        /// The match is now part of the ratings (it may have rated nobody: aborted, one player).
        case applied
        /// Another mode's match: its place in the order is noted, the ratings are unchanged.
        case otherMode
        /// The same record as the last one applied: nothing changed.
        case duplicate
        /// The match sorts before (or is another record of) one already applied: nothing changed;
        /// rebuild with `init(records:mode:system:policy:)`.
        case outOfOrder
    }

    public let mode: GameMode
    public let system: Glicko2
    public let policy: RatingPolicy
    /// How many rating periods (rated matches) the mode has had.
    public private(set) var periods = 0
    /// Each player's rating after the last period they played, and that period's number.
    private var entries: [String: (rating: Glicko2Rating, period: Int)] = [:]
    private var last: (key: MatchKey, record: MatchRecord)?

    /// An empty ledger for `mode`.
    public init(mode: GameMode, system: Glicko2 = Glicko2(), policy: RatingPolicy = RatingPolicy()) {
        self.mode = mode
        self.system = system
        self.policy = policy
    }

    /// The ledger of `mode` over `records`, in any order (duplicates of a match count once).
    public init(
        records: [MatchRecord], mode: GameMode, system: Glicko2 = Glicko2(), policy: RatingPolicy = RatingPolicy()
    ) {
        self.init(mode: mode, system: system, policy: policy)
        for record in MatchTimeline.ordered(records) { _ = apply(record) }
    }

    /// Every rated player's current rating in `mode` from `records`, in any order.
    public static func ratings(
        from records: [MatchRecord], mode: GameMode, system: Glicko2 = Glicko2(),
        policy: RatingPolicy = RatingPolicy()
    ) -> [String: Glicko2Rating] {
        RatingLedger(records: records, mode: mode, system: system, policy: policy).ratings
    }

    /// Adds `match`, which must sort after every match applied so far (any mode).
    public mutating func apply(_ match: MatchRecord) -> Outcome {
        apply(match, stats: nil)
    }

    /// `apply(_:)` with the match's statistics when the caller has them already.
    mutating func apply(_ match: MatchRecord, stats: MatchStats?) -> Outcome {
        let key = MatchKey(match)
        if let last {
            if key < last.key { return .outOfOrder }
            if key == last.key { return match == last.record ? .duplicate : .outOfOrder }
        }
        last = (key, match)
        guard GameMode(of: match) == mode else { return .otherMode }
        let period = RatingPeriod(stats: stats ?? MatchStats(match, killStreaks: false), policy: policy)
        if !period.pairings.isEmpty { ratePeriod(period) }
        return .applied
    }

    /// Every rated player's current rating, idle periods included.
    public var ratings: [String: Glicko2Rating] {
        entries.mapValues { system.idle($0.rating, periods: periods - $0.period) }
    }

    /// The current rating of `name` (idle periods included); nil if they have never been rated.
    public func rating(of name: String) -> Glicko2Rating? {
        entries[name].map { system.idle($0.rating, periods: periods - $0.period) }
    }

    private mutating func ratePeriod(_ period: RatingPeriod) {
        // Start-of-period ratings: idle periods caught up to just before this one.
        let start = period.players.map { name in
            entries[name].map { system.idle($0.rating, periods: periods - $0.period) } ?? system.initial
        }
        var games = [[Glicko2Game]](repeating: [], count: start.count)
        for pairing in period.pairings {
            games[pairing.player].append(Glicko2Game(against: start[pairing.opponent], score: pairing.score))
            games[pairing.opponent].append(Glicko2Game(against: start[pairing.player], score: 1 - pairing.score))
        }
        periods += 1
        for (position, name) in period.players.enumerated() {
            entries[name] = (system.rate(start[position], games: games[position]), periods)
        }
    }
}
