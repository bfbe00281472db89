import HearthMachines
import Testing

@Suite struct ChainHeadTests {
    let head = ChainHead(hash: [1, 2, 3], hlc: 100 << 16)
    let latest = ChangeClock.latestAllowed(now: 1_000)

    @Test func aChangeThatNamesTheHeadAndIsLaterContinuesTheLog() {
        #expect(head.verdict(prev: [1, 2, 3], hlc: 101 << 16, latestAllowed: latest) == .continues)
        #expect(ChainHead.start.verdict(prev: [], hlc: 1, latestAllowed: latest) == .continues)
    }

    @Test func aChangeNamingAnotherPredecessorIsAFork() {
        #expect(head.verdict(prev: [9, 9, 9], hlc: 101 << 16, latestAllowed: latest) == .fork)
        #expect(ChainHead.start.verdict(prev: [1], hlc: 1, latestAllowed: latest) == .fork)
    }

    @Test func aReadingThatDoesNotIncreaseIsRefused() {
        #expect(head.verdict(prev: [1, 2, 3], hlc: 100 << 16, latestAllowed: latest) == .clockWentBack)
        #expect(head.verdict(prev: [1, 2, 3], hlc: 99 << 16, latestAllowed: latest) == .clockWentBack)
    }

    @Test func aReadingPastTheAllowedDriftWaits() {
        let drift = ChangeClock.maxDriftMilliseconds
        #expect(
            head.verdict(prev: [1, 2, 3], hlc: (1_000 + drift) << 16 | 0xFFFF, latestAllowed: latest) == .continues)
        #expect(head.verdict(prev: [1, 2, 3], hlc: (1_001 + drift) << 16, latestAllowed: latest) == .tooEarly)
    }

    @Test func aReadingThatGoesBackIsRefusedEvenWhenItIsAlsoTooEarly() {
        // The head itself is dated past the allowed drift; a change between the two went back.
        let future = ChainHead(hash: [1, 2, 3], hlc: latest + (10 << 16))
        #expect(future.verdict(prev: [1, 2, 3], hlc: latest + 1, latestAllowed: latest) == .clockWentBack)
    }

    @Test func theForkRuleComesFirst() {
        // A forked change is rejected even when its reading is also bad.
        #expect(head.verdict(prev: [0], hlc: 1, latestAllowed: latest) == .fork)
    }
}
