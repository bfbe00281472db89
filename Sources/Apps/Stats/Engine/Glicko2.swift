import Foundation

/// The Glicko-2 rating system, as in Mark E. Glickman's "Example of the Glicko-2 system"
/// (Boston University, 2013; http://www.glicko.net/glicko/glicko2.pdf).
///
/// All games of a rating period are taken to happen at once: each player is rated against the
/// opponents' ratings from the start of the period (steps 2–8 of the paper); a player with no
/// games in a period keeps rating and volatility and only has RD increased. The new volatility
/// is found with the Illinois algorithm (step 5, the paper's "iterative procedure").
///
/// Two guards the paper leaves open keep every output finite:
/// - RD never exceeds `maximumDeviation` (350, a new player's): not after an idle period, not
///   after a period of games;
/// - an expected score is kept within 10⁻¹⁰ of 0 and 1, so a rating gap of thousands of points
///   cannot make the variance infinite; the iteration stops after a bounded number of steps.
public struct Glicko2: Hashable, Sendable {
    /// The factor between the Glicko scale (r, RD) and the Glicko-2 scale (μ, φ): 173.7178.
    public static let scale = 173.7178

    /// τ, which limits how fast volatility changes: 0.3 … 1.2 in the paper, smaller for data
    /// with very improbable results.
    public var tau: Double
    /// ε, the convergence tolerance of the volatility iteration.
    public var tolerance: Double
    /// A new player's rating.
    public var initial: Glicko2Rating
    /// The largest RD a player can have; a new player's RD by default.
    public var maximumDeviation: Double

    /// A system with τ = `tau` (0.5), ε = `tolerance` (0.000001), new players at `initial`
    /// (1500 / 350 / 0.06) and RD capped at `maximumDeviation` (the initial RD).
    public init(
        tau: Double = 0.5, tolerance: Double = 0.000_001, initial: Glicko2Rating = .unrated,
        maximumDeviation: Double? = nil
    ) {
        self.tau = tau
        self.tolerance = tolerance
        self.initial = initial
        self.maximumDeviation = maximumDeviation ?? initial.deviation
    }

    /// The player's rating at the end of a rating period in which they played `games`.
    ///
    /// - Parameters:
    ///   - player: the rating at the start of the period.
    ///   - games: every game of the period, each against an opponent's start-of-period rating.
    /// - Returns: the new rating; with no games, the same rating with RD increased (`idle`).
    public func rate(_ player: Glicko2Rating, games: [Glicko2Game]) -> Glicko2Rating {
        guard !games.isEmpty else { return idle(player) }
        // Step 2: to the Glicko-2 scale.
        let mu = (player.rating - 1500) / Self.scale
        let phi = player.deviation / Self.scale
        // Steps 3 and 4: the estimated variance v and the estimated improvement Δ.
        var information = 0.0
        var improvement = 0.0
        for game in games {
            let opponentMu = (game.opponentRating - 1500) / Self.scale
            let g = Self.g(game.opponentDeviation / Self.scale)
            let expected = Self.expectedScore(mu: mu, opponentMu: opponentMu, g: g)
            information += g * g * expected * (1 - expected)
            improvement += g * (game.score - expected)
        }
        let variance = 1 / information
        let delta = variance * improvement
        // Step 5: the new volatility.
        let sigma = newVolatility(sigma: player.volatility, phi: phi, variance: variance, delta: delta)
        // Steps 6 and 7: the pre-period RD grown by the new volatility, then the new φ and μ.
        let phiStar = (phi * phi + sigma * sigma).squareRoot()
        let newPhi = 1 / (1 / (phiStar * phiStar) + 1 / variance).squareRoot()
        let newMu = mu + newPhi * newPhi * improvement
        // Step 8: back to the Glicko scale.
        return Glicko2Rating(
            rating: Self.scale * newMu + 1500,
            deviation: min(Self.scale * newPhi, maximumDeviation),
            volatility: sigma)
    }

    /// The player's rating after `periods` rating periods without games: rating and volatility
    /// kept, φ grown to √(φ² + periods·σ²), capped at `maximumDeviation`.
    ///
    /// Several idle periods at once equal the same number one at a time (up to rounding), so a
    /// player's idle periods can be caught up when they next play.
    public func idle(_ player: Glicko2Rating, periods: Int = 1) -> Glicko2Rating {
        guard periods > 0 else { return player }
        let phi = player.deviation / Self.scale
        let grown = (phi * phi + Double(periods) * player.volatility * player.volatility).squareRoot()
        var result = player
        result.deviation = min(Self.scale * grown, max(maximumDeviation, player.deviation))
        return result
    }

    /// g(φ) = 1 / √(1 + 3φ²/π²): how much a game against an opponent of RD φ counts.
    static func g(_ phi: Double) -> Double {
        1 / (1 + 3 * phi * phi / (Double.pi * Double.pi)).squareRoot()
    }

    /// E(μ, μⱼ, φⱼ): the expected score, kept within 10⁻¹⁰ of 0 and 1.
    static func expectedScore(mu: Double, opponentMu: Double, g: Double) -> Double {
        let expected = 1 / (1 + exp(-g * (mu - opponentMu)))
        return min(max(expected, 1e-10), 1 - 1e-10)
    }
}
