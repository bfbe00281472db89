import Testing

@testable import HearthStatsEngine

@Suite struct Glicko2Tests {
    let system = Glicko2()

    @Test func reproducesGlickmansWorkedExample() {
        let player = Glicko2Rating(rating: 1500, deviation: 200, volatility: 0.06)
        let games = [
            Glicko2Game(opponentRating: 1400, opponentDeviation: 30, score: 1),
            Glicko2Game(opponentRating: 1550, opponentDeviation: 100, score: 0),
            Glicko2Game(opponentRating: 1700, opponentDeviation: 300, score: 0),
        ]
        let rated = system.rate(player, games: games)
        #expect(abs(rated.rating - 1464.06) < 0.01)
        #expect(abs(rated.deviation - 151.52) < 0.01)
        #expect(abs(rated.volatility - 0.05999) < 0.00001)
    }

    @Test func equalNewPlayersMoveByTheSameAmountWhenOneWins() {
        let new = Glicko2Rating.unrated
        let winner = system.rate(new, games: [Glicko2Game(against: new, score: 1)])
        let loser = system.rate(new, games: [Glicko2Game(against: new, score: 0)])
        #expect(winner.rating > 1500)
        #expect(loser.rating < 1500)
        #expect(abs((winner.rating - 1500) - (1500 - loser.rating)) < 1e-9)
        #expect(winner.deviation == loser.deviation)
        #expect(winner.volatility == loser.volatility)
    }

    @Test func aDrawBetweenEqualsKeepsTheRating() {
        let new = Glicko2Rating.unrated
        let drawn = system.rate(new, games: [Glicko2Game(against: new, score: 0.5)])
        #expect(abs(drawn.rating - 1500) < 1e-9)
        #expect(drawn.deviation < 350)
    }

    @Test func deviationShrinksWithGamesAndGrowsWhileIdle() {
        var player = Glicko2Rating.unrated
        var deviations = [player.deviation]
        for period in 0..<5 {
            let opponent = Glicko2Rating(rating: 1500, deviation: 80, volatility: 0.06)
            player = system.rate(
                player, games: [Glicko2Game(against: opponent, score: period.isMultiple(of: 2) ? 1 : 0)])
            deviations.append(player.deviation)
        }
        #expect(deviations == deviations.sorted(by: >))
        let idle = system.idle(player)
        #expect(idle.deviation > player.deviation)
        #expect(idle.rating == player.rating)
        #expect(idle.volatility == player.volatility)
        let threeAtOnce = system.idle(player, periods: 3)
        let threeInTurn = system.idle(system.idle(system.idle(player)))
        #expect(abs(threeAtOnce.deviation - threeInTurn.deviation) < 1e-9)
    }

    @Test func aPeriodWithoutGamesOnlyGrowsTheDeviation() {
        let player = Glicko2Rating(rating: 1500, deviation: 200, volatility: 0.06)
        let idle = system.rate(player, games: [])
        // φ* = √(φ² + σ²) from step 6 of the paper.
        let expected = ((200 / Glicko2.scale) * (200 / Glicko2.scale) + 0.06 * 0.06).squareRoot() * Glicko2.scale
        #expect(abs(idle.deviation - expected) < 1e-9)
        #expect(idle.rating == 1500)
        #expect(idle.volatility == 0.06)
    }

    @Test func deviationNeverExceedsTheMaximum() {
        #expect(system.idle(.unrated, periods: 1000).deviation == 350)
        let nearlyNew = Glicko2Rating(rating: 1500, deviation: 340, volatility: 0.06)
        #expect(system.idle(nearlyNew, periods: 1_000_000).deviation == 350)
        let weak = Glicko2Game(opponentRating: 1500, opponentDeviation: 350, score: 1)
        #expect(system.rate(.unrated, games: [weak]).deviation <= 350)
    }

    @Test(arguments: [0.0, 0.5, 1.0])
    func extremeInputsStayFinite(score: Double) {
        let players = [
            Glicko2Rating.unrated,
            Glicko2Rating(rating: 1500, deviation: 0, volatility: 0.06),
            Glicko2Rating(rating: -50_000, deviation: 350, volatility: 0.06),
            Glicko2Rating(rating: 90_000, deviation: 1, volatility: 0.5),
        ]
        let opponents: [(Double, Double)] = [(1_000_000, 350), (-1_000_000, 0), (1500, 350), (4000, 30), (-2000, 10)]
        for player in players {
            for (rating, deviation) in opponents {
                let game = Glicko2Game(opponentRating: rating, opponentDeviation: deviation, score: score)
                let rated = system.rate(player, games: Array(repeating: game, count: 3))
                #expect(rated.rating.isFinite)
                #expect(rated.deviation.isFinite && rated.deviation > 0 && rated.deviation <= 350)
                #expect(rated.volatility.isFinite && rated.volatility > 0)
            }
        }
    }

    @Test func tauChangesHowFastVolatilityMoves() {
        let player = Glicko2Rating(rating: 1500, deviation: 50, volatility: 0.06)
        let upset = Array(repeating: Glicko2Game(opponentRating: 2200, opponentDeviation: 50, score: 1), count: 5)
        let calm = Glicko2(tau: 0.2).rate(player, games: upset)
        let loose = Glicko2(tau: 1.2).rate(player, games: upset)
        #expect(loose.volatility > calm.volatility)
        #expect(calm.volatility > 0.06)
    }
}
