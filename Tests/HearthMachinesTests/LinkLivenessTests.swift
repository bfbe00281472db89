import Testing

@testable import HearthMachines

/// Keepalive and round trips on a fake clock.
@Suite struct LinkLivenessTests {
    @Test func pingsAtOnceAndThenEveryIntervalWithFreshNonces() {
        var liveness = LinkLiveness(openedAt: 100, interval: 5, deadAfter: 15, firstNonce: 7)
        #expect(liveness.tick(now: 100) == .ping(nonce: 8))
        #expect(liveness.tick(now: 102) == nil)
        #expect(liveness.nextDeadline == 105)
        liveness.received(now: 104)
        #expect(liveness.tick(now: 105) == .ping(nonce: 9))
    }

    @Test func aPongMeasuresTheRoundTripOfTheLatestPing() {
        var liveness = LinkLiveness(openedAt: 0, interval: 5, deadAfter: 15, firstNonce: 0)
        guard case .ping(let first) = liveness.tick(now: 0) else { Issue.record("no ping"); return }
        liveness.pong(nonce: first &+ 100, now: 0.5)
        #expect(liveness.roundTrip == nil, "a pong for another nonce measures nothing")
        liveness.pong(nonce: first, now: 0.012)
        #expect(liveness.roundTrip == 0.012)
    }

    @Test func aLostPongDelaysTheNextMeasurementByOneIntervalOnly() {
        var liveness = LinkLiveness(openedAt: 0, interval: 5, deadAfter: 15, firstNonce: 0)
        _ = liveness.tick(now: 0)  // lost
        liveness.received(now: 4)
        guard case .ping(let second) = liveness.tick(now: 5) else { Issue.record("no second ping"); return }
        liveness.pong(nonce: second, now: 5.02)
        #expect(abs((liveness.roundTrip ?? 0) - 0.02) < 1e-9)
    }

    @Test func aSilentLinkIsDeadAfterTheLimitAndTrafficKeepsItAlive() {
        var liveness = LinkLiveness(openedAt: 0, interval: 5, deadAfter: 15, firstNonce: 0)
        _ = liveness.tick(now: 0)
        _ = liveness.tick(now: 5)
        liveness.received(now: 9)
        _ = liveness.tick(now: 10)
        #expect(liveness.tick(now: 23.9) != .timedOut)
        #expect(liveness.tick(now: 24) == .timedOut)
    }
}
