import HearthCRDT
import Testing

@Suite struct ClockTests {
    @Test func ticksAreStrictlyIncreasingEvenWhenWallTimeStandsStill() {
        var clock = HybridLogicalClock()
        let first = clock.tick(physicalMilliseconds: 1000)
        let second = clock.tick(physicalMilliseconds: 1000)
        let third = clock.tick(physicalMilliseconds: 999)
        #expect(first < second && second < third)
        let jumped = clock.tick(physicalMilliseconds: 5000)
        #expect(jumped == HLCTimestamp(milliseconds: 5000))
    }

    @Test func observingARemoteReadingOrdersLaterLocalEventsAfterIt() {
        var clock = HybridLogicalClock()
        let remote = HLCTimestamp(milliseconds: 2000, counter: 5)
        let adopted = clock.observe(remote, physicalMilliseconds: 1000)
        let next = clock.tick(physicalMilliseconds: 1000)
        #expect(adopted)
        #expect(next > remote)
    }

    @Test func aReadingFarInTheFutureIsNotAdopted() {
        var clock = HybridLogicalClock()
        let adopted = clock.observe(HLCTimestamp(milliseconds: 10_000_000), physicalMilliseconds: 1000)
        #expect(!adopted)
        let local = clock.tick(physicalMilliseconds: 1000)
        #expect(local == HLCTimestamp(milliseconds: 1000))
    }

    @Test func versionVectorsCompareMergeAndReportMissingRanges() {
        var a = VersionVector(["x": 3, "y": 1])
        let b = VersionVector(["x": 1, "y": 4, "z": 2])
        #expect(a.compare(to: b) == .concurrent)
        #expect(VersionVector(["x": 1]).compare(to: a) == .before)
        let missing = Dictionary(uniqueKeysWithValues: a.missingRanges(in: b).map { ($0.replica, $0.range) })
        #expect(missing == ["x": 2...3])
        a.merge(b)
        #expect(a == VersionVector(["x": 3, "y": 4, "z": 2]))
        #expect(a.compare(to: b) == .after)
        #expect(a.total == 9)
    }
}
