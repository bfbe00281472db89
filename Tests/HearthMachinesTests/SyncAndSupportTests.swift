import HearthCRDT
import HearthCrypto
import Testing

@testable import HearthMachines

@Suite struct SyncSessionTests {
    let alice = NodeIdentity.generate().id

    @Test func onlyOneRequestIsInFlightUntilItIsAnswered() {
        var session = SyncSession()
        let first = session.requestIfDue(now: 0)
        #expect(first != nil)
        #expect(session.requestIfDue(now: 30, force: true) == nil)
        session.requestAnswered(first!)
        #expect(!session.isAwaitingAnswer)
        #expect(session.requestIfDue(now: 31) != nil)
    }

    @Test func requestsFollowTheIntervalUnlessForced() {
        var session = SyncSession()
        let id = session.requestIfDue(now: 10)!
        session.requestAnswered(id)
        #expect(session.requestIfDue(now: 10 + SyncSession.interval / 2) == nil)
        #expect(session.requestIfDue(now: 10 + SyncSession.interval / 2, force: true) != nil)
    }

    @Test func anUnansweredRequestIsAbandonedAfterTheTimeout() {
        var session = SyncSession()
        _ = session.requestIfDue(now: 0)
        #expect(session.requestIfDue(now: SyncSession.requestTimeout - 1) == nil)
        #expect(session.requestIfDue(now: SyncSession.requestTimeout + 1) != nil)
    }

    @Test func aStaleAnswerDoesNotClearTheCurrentRequest() {
        var session = SyncSession()
        let old = session.requestIfDue(now: 0)!
        let current = session.requestIfDue(now: SyncSession.requestTimeout + 1)!
        session.requestAnswered(old)
        #expect(session.isAwaitingAnswer)
        session.requestAnswered(current)
        #expect(!session.isAwaitingAnswer)
    }

    @Test func pushSkipsWhatThePeerHoldsAndRemembersWhatWasSent() {
        var session = SyncSession()
        session.peerAnnounced(VersionVector([alice: 2]))
        let changes = (1...4).map { ChangeKey(author: alice, seq: $0) }
        #expect(session.selectForPush(changes).map { changes[$0].seq } == [3, 4])
        #expect(session.selectForPush(changes).isEmpty)
        #expect(session.peerHas[alice] == 4)
    }

    @Test func aGapIsNotMarkedAsHeld() {
        var session = SyncSession()
        session.peerHolds(ChangeKey(author: alice, seq: 2))
        #expect(session.peerHas[alice] == 0)
        session.peerHolds(ChangeKey(author: alice, seq: 1))
        #expect(session.peerHas[alice] == 1)
    }
}

@Suite struct BackoffTests {
    @Test func delaysGrowToTheMaximumAndStayWithinTheirCeiling() {
        var backoff = Backoff(initial: 0.25, maximum: 30)
        var ceilings: [Double] = []
        for _ in 0..<12 {
            let low = backoff.nextDelay(random: 0)
            ceilings.append(low * 2)
        }
        #expect(ceilings.prefix(4) == [0.25, 0.5, 1, 2])
        #expect(ceilings.last == 30)
        var high = Backoff(initial: 0.25, maximum: 30)
        #expect(high.nextDelay(random: 0.999_999) <= 0.25)
    }

    @Test func resetStartsAgainFromTheShortestDelay() {
        var backoff = Backoff(initial: 1, maximum: 60)
        for _ in 0..<10 { _ = backoff.nextDelay(random: 0.5) }
        backoff.reset()
        #expect(backoff.nextDelay(random: 1) == 1)
    }

    @Test func manyAttemptsDoNotOverflow() {
        var backoff = Backoff(initial: 0.25, maximum: 30)
        for _ in 0..<10_000 { #expect(backoff.nextDelay(random: 1) <= 30) }
    }
}

@Suite struct PeerAddressTests {
    @Test(arguments: [
        ("10.0.0.2:7070", "10.0.0.2", 7070),
        ("host.local", "host.local", 7070),
        ("[::1]:9000", "::1", 9000),
        ("[fe80::1]", "fe80::1", 7070),
        ("::1", "::1", 7070),
    ])
    func parses(text: String, host: String, port: Int) {
        let address = PeerAddress(text)
        #expect(address?.host == host)
        #expect(address?.port == port)
    }

    @Test(arguments: ["", ":7070", "host:", "host:70000", "host:x", "[::1]x", "[::1]:"])
    func rejects(text: String) {
        #expect(PeerAddress(text) == nil)
    }

    @Test func printsIPv6InBracketsSoItParsesBack() {
        let address = PeerAddress(host: "fe80::2", port: 7071)
        #expect(address.description == "[fe80::2]:7071")
        #expect(PeerAddress(address.description) == address)
    }
}

@Suite struct LogThrottleTests {
    @Test func logsTheFirstThenOncePerWindowWithTheSkippedCount() {
        var throttle = LogThrottle(window: 60)
        #expect(throttle.record("10.0.0.9", now: 0) == .init(shouldLog: true, suppressed: 0))
        #expect(throttle.record("10.0.0.9", now: 1).shouldLog == false)
        #expect(throttle.record("10.0.0.9", now: 2).shouldLog == false)
        #expect(throttle.record("10.0.0.8", now: 3).shouldLog == true)
        #expect(throttle.record("10.0.0.9", now: 61) == .init(shouldLog: true, suppressed: 2))
    }

    @Test func reportsTheSkippedCountWhenTheWindowEndsWithoutAnotherOccurrence() {
        var throttle = LogThrottle(window: 60)
        _ = throttle.record("10.0.0.9", now: 0)
        _ = throttle.record("10.0.0.9", now: 5)
        _ = throttle.record("10.0.0.9", now: 6)
        #expect(throttle.nextFlush == 60)
        #expect(throttle.flush(now: 59).isEmpty)
        let due = throttle.flush(now: 60)
        #expect(due.map(\.key) == ["10.0.0.9"])
        #expect(due.map(\.suppressed) == [2])
        #expect(throttle.flush(now: 200).isEmpty)
        #expect(throttle.nextFlush == nil)
    }

    @Test func staysBoundedUnderManyKeys() {
        var throttle = LogThrottle(window: 60, capacity: 8)
        for index in 0..<100 { #expect(throttle.record("host\(index)", now: 0).shouldLog) }
    }
}

@Suite struct PushTreeTests {
    let author = NodeIdentity.generate().id
    let relay = NodeIdentity.generate().id

    @Test func aDuplicateRelayedPushMakesItsAuthorLazyOnce() throws {
        var tree = PushTree()
        let key = ChangeKey(author: author, seq: 1)
        let first = tree.received(pushed: true, fresh: [], duplicates: [key], from: relay)
        let control = try #require(first)
        #expect(control.lazy == [author])
        #expect(tree.received(pushed: true, fresh: [], duplicates: [key], from: relay) == nil)
    }

    @Test func theAuthorsOwnPushIsNeverMadeLazy() {
        var tree = PushTree()
        let key = ChangeKey(author: author, seq: 1)
        #expect(tree.received(pushed: true, fresh: [], duplicates: [key], from: author) == nil)
    }

    @Test func aDuplicateInASyncAnswerChangesNothing() {
        var tree = PushTree()
        let key = ChangeKey(author: author, seq: 1)
        #expect(tree.received(pushed: false, fresh: [], duplicates: [key], from: relay) == nil)
    }

    @Test func somethingNewByAntiEntropyFromALazyPeerMakesTheAuthorEagerAgain() throws {
        var tree = PushTree()
        _ = tree.received(pushed: true, fresh: [], duplicates: [ChangeKey(author: author, seq: 1)], from: relay)
        let answer = tree.received(
            pushed: false, fresh: [ChangeKey(author: author, seq: 2)], duplicates: [], from: relay)
        let control = try #require(answer)
        #expect(control.eager == [author])
        #expect(tree.lazyFromPeer.isEmpty)
    }

    @Test func theSenderStopsPushingLazyAuthorsUntilToldOtherwise() {
        var session = SyncSession()
        session.pushTree.apply(PushControl(lazy: [author]))
        let changes = [ChangeKey(author: author, seq: 1), ChangeKey(author: relay, seq: 1)]
        #expect(session.selectForPush(changes).map { changes[$0].author } == [relay])
        session.pushTree.apply(PushControl(allEager: true))
        #expect(session.selectForPush(changes).map { changes[$0].author } == [author])
    }

    @Test func aClosedParentMakesOnlyItsAuthorsEagerAgain() {
        var tree = PushTree()
        let other = NodeIdentity.generate().id
        _ = tree.received(
            pushed: true, fresh: [], duplicates: [ChangeKey(author: author, seq: 1), ChangeKey(author: other, seq: 1)],
            from: relay)
        #expect(tree.lazyFromPeer == [author, other])
        #expect(tree.makeEager([relay]) == nil)
        #expect(tree.makeEager([author]) == PushControl(eager: [author]))
        #expect(tree.lazyFromPeer == [other])
        #expect(tree.makeEager([author]) == nil)
    }

    @Test func aPeerNamingMadeUpAuthorsCannotGrowTheLinksStateWithoutEnd() throws {
        let limit = SyncSession.maxTrackedAuthors
        let madeUp = try (0..<(limit + 1000)).map { index in
            try NodeID(bytes: withUnsafeBytes(of: UInt64(index).bigEndian, Array.init) + Array(repeating: 7, count: 24))
        }
        var session = SyncSession()
        session.peerAnnounced(VersionVector(Dictionary(uniqueKeysWithValues: madeUp.map { ($0, UInt64(3)) })))
        #expect(session.peerHas.entries.count == limit)
        session.pushTree.apply(PushControl(lazy: madeUp))
        #expect(session.pushTree.lazyForPeer.count == limit)
        // An author already tracked still advances; a new one is pushed as if the peer lacked it.
        let tracked = try #require(session.peerHas.entries.keys.first)
        session.peerAnnounced(VersionVector([tracked: 9]))
        #expect(session.peerHas[tracked] == 9)
        #expect(session.selectForPush([ChangeKey(author: author, seq: 1)]) == [0])
        // Not tracked, so pushed again (were it tracked, the second push would be skipped).
        #expect(session.selectForPush([ChangeKey(author: author, seq: 1)]) == [0])
        #expect(session.peerHas.entries.count == limit)
    }
}
