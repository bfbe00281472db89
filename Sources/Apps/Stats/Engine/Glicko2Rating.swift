/// A player's Glicko-2 rating on the familiar (Glicko / Elo-like) scale.
///
/// The 95 % interval of the player's strength is `rating ± 2 × deviation`; `volatility` is the
/// expected fluctuation of the rating from one rating period to the next.
public struct Glicko2Rating: Hashable, Sendable, Codable {
    /// r: 1500 for a new player.
    public var rating: Double
    /// RD: 350 for a new player; shrinks with games, grows while idle.
    public var deviation: Double
    /// σ: 0.06 for a new player.
    public var volatility: Double

    /// A rating of `rating`, `deviation` and `volatility`.
    public init(rating: Double, deviation: Double, volatility: Double) {
        self.rating = rating
        self.deviation = deviation
        self.volatility = volatility
    }

    /// A new player's rating: 1500, RD 350, σ 0.06 (Glickman's suggested start).
    public static let unrated = Glicko2Rating(rating: 1500, deviation: 350, volatility: 0.06)

    /// The low end of the 95 % interval, `rating − 2 × deviation`: a cautious strength to rank by.
    public var conservative: Double { rating - 2 * deviation }
}

/// One game of a rating period, from the rated player's side.
public struct Glicko2Game: Hashable, Sendable {
    /// The opponent's rating at the start of the period.
    public var opponentRating: Double
    /// The opponent's RD at the start of the period.
    public var opponentDeviation: Double
    /// 1 for a win, 0.5 for a draw, 0 for a loss.
    public var score: Double

    /// A game against an opponent of `opponentRating` / `opponentDeviation`, scored `score`.
    public init(opponentRating: Double, opponentDeviation: Double, score: Double) {
        self.opponentRating = opponentRating
        self.opponentDeviation = opponentDeviation
        self.score = score
    }

    /// A game against `opponent` (its volatility plays no part), scored `score`.
    public init(against opponent: Glicko2Rating, score: Double) {
        self.init(opponentRating: opponent.rating, opponentDeviation: opponent.deviation, score: score)
    }
}
