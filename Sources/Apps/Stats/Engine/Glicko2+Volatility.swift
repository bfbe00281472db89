import Foundation

extension Glicko2 {
    /// The most steps either loop of the volatility iteration takes: the Illinois algorithm
    /// converges in a handful, so this only bounds pathological inputs.
    static let maximumIterations = 100

    /// Step 5 of the paper: the new volatility σ′, the root of f found by the Illinois algorithm
    /// (regula falsi that halves the stale end's value).
    ///
    /// - Parameters:
    ///   - sigma: the volatility at the start of the period.
    ///   - phi: φ, the deviation on the Glicko-2 scale.
    ///   - variance: v, the estimated variance from the period's games.
    ///   - delta: Δ, the estimated improvement from the period's games.
    func newVolatility(sigma: Double, phi: Double, variance: Double, delta: Double) -> Double {
        let a = log(sigma * sigma)
        let tauSquared = tau * tau
        let phiSquared = phi * phi
        let deltaSquared = delta * delta
        func f(_ x: Double) -> Double {
            let ex = exp(x)
            let denominator = phiSquared + variance + ex
            return ex * (deltaSquared - phiSquared - variance - ex) / (2 * denominator * denominator)
                - (x - a) / tauSquared
        }
        // The initial bracket [A, B] with f(A) and f(B) of opposite signs.
        var lower = a
        var upper: Double
        if deltaSquared > phiSquared + variance {
            upper = log(deltaSquared - phiSquared - variance)
        } else {
            var k = 1.0
            while f(a - k * tau) < 0, k < Double(Self.maximumIterations) { k += 1 }
            upper = a - k * tau
        }
        var fLower = f(lower)
        var fUpper = f(upper)
        var steps = 0
        while abs(upper - lower) > tolerance, steps < Self.maximumIterations, fUpper != fLower {
            let c = lower + (lower - upper) * fLower / (fUpper - fLower)
            let fC = f(c)
            if fC * fUpper <= 0 {
                lower = upper
                fLower = fUpper
            } else {
                fLower /= 2
            }
            upper = c
            fUpper = fC
            steps += 1
        }
        return exp(lower / 2)
    }
}
