import HearthCrypto
import Testing

@testable import HearthMachines

/// Presence on a fake clock: reachability over signed link reports.
@Suite struct PresenceMachineTests {
    /// A line 0 – 1 – 2: 0 has no link to 2 and learns of it through 1.
    func line() -> PresenceHarness {
        var harness = PresenceHarness(nodes: 3)
        harness.link(0, 1)
        harness.link(1, 2)
        harness.run(for: 1)
        return harness
    }

    @Test func aNodeLearnsThePresenceOfANodeItHasNoLinkTo() {
        let harness = line()
        #expect(harness.sees(0, 2))
        #expect(harness.sees(2, 0))
        #expect(harness.machines[0].entry(of: harness.ids[2])?.shownStatus == "online")
    }

    @Test func aFrozenNodeIsOfflineEverywhereWithinTheSilenceLimitAndBackWhenItThaws() {
        var harness = line()
        let frozeAt = harness.now
        harness.frozenUntil[2] = frozeAt + 5
        harness.run(for: 3)
        let seenOffline = harness.wentOffline(0, 2)
        #expect(seenOffline != nil)
        #expect((seenOffline ?? .infinity) - frozeAt <= 1.0 + 0.001, "the silence limit, and no more")
        #expect(harness.wentOffline(1, 2) != nil)
        #expect(harness.sees(0, 1), "the others stay online")
        harness.run(for: 3)
        #expect(harness.sees(0, 2))
        #expect(harness.sees(2, 0))
    }

    @Test func aClosedLinkTakesItsNodeOfflineAtOnce() {
        var harness = line()
        harness.dead.insert(2)
        harness.unlink(1, 2)
        #expect(!harness.sees(0, 2))
        #expect(!harness.sees(1, 2))
    }

    @Test func aGoodbyeIsOfflineAtOnceAndARestartComesBackOnline() {
        var harness = line()
        harness.perform(harness.machines[2].leave(now: harness.now), at: 2)
        #expect(!harness.sees(0, 2), "before any link closes")
        #expect(harness.machines[0].entry(of: harness.ids[2])?.shownStatus == "offline")
        harness.unlink(1, 2)
        harness.machines[2] = PresenceMachine(
            own: harness.ids[2], sealer: ChecksumSealer(), now: harness.now, firstCounter: 1)
        harness.link(1, 2)
        harness.run(for: 1)
        #expect(harness.sees(0, 2), "a restart whose clock counter is behind continues above its old records")
        #expect(harness.machines[2].ownRecord.record.counter > 1000)
    }

    @Test func aSplitShowsEachSideTheOtherOfflineAndHeals() {
        var harness = PresenceHarness(nodes: 4)
        harness.link(0, 1)
        harness.link(1, 2)
        harness.link(2, 3)
        harness.link(3, 0)
        harness.run(for: 1)
        #expect(harness.sees(0, 2))
        // Cut 1–2 and 3–0: {0, 1} and {2, 3}.
        harness.cut = [[1, 2], [2, 1], [3, 0], [0, 3]]
        harness.run(for: 2)
        #expect(!harness.sees(0, 2) && !harness.sees(0, 3) && !harness.sees(1, 3))
        #expect(!harness.sees(2, 0) && !harness.sees(3, 1))
        #expect(harness.sees(0, 1) && harness.sees(2, 3))
        harness.cut = []
        // What was said meanwhile is lost with the cut; the next beacons bring the links back.
        harness.run(for: 2)
        #expect(harness.sees(0, 2) && harness.sees(2, 0) && harness.sees(1, 3))
    }

    @Test func aStalledObserverDoesNotShowOthersOffline() {
        var harness = line()
        let start = harness.now
        harness.frozenUntil[0] = start + 2
        harness.run(for: 6)
        #expect(!harness.everOffline(0, 1, after: start))
        #expect(!harness.everOffline(0, 2, after: start))
        #expect(harness.machines[0].stalls == 1)
        #expect(harness.sees(1, 0), "others saw the stalled node offline and then back")
        #expect(harness.everOffline(1, 0, after: start))
    }

    @Test func forgedReplayedAndOversizedRecordsAreDroppedAndCounted() {
        var harness = line()
        let sealer = ChecksumSealer()
        let connection = PresenceHarness.connection(0, 1)
        let victim = harness.ids[2]
        // A relay forges a goodbye of node 2.
        var forged = sealer.seal(PresenceRecord(node: victim, counter: 99_999, status: .leaving))
        forged.signature = [UInt8](repeating: 0, count: 8)
        _ = harness.machines[0].received(.records([forged]), on: connection, now: harness.now)
        #expect(harness.machines[0].drops.badSignature == 1)
        #expect(harness.sees(0, 2))
        // A replay of an older record of node 2.
        let old = sealer.seal(PresenceRecord(node: victim, counter: 1000, status: .away))
        _ = harness.machines[0].received(.records([old]), on: connection, now: harness.now)
        #expect(harness.machines[0].drops.older == 1)
        #expect(harness.machines[0].entry(of: victim)?.record?.status == .online)
        let long = sealer.seal(
            PresenceRecord(node: victim, counter: 99_999, status: .away, text: String(repeating: "x", count: 101)))
        _ = harness.machines[0].received(.records([long]), on: connection, now: harness.now)
        #expect(harness.machines[0].drops.oversized == 1)
    }

    @Test func aLiarCannotMakeALiveNodeOfflineAndKeepsADeadOneForOnlyTheStaleLimit() {
        // 0 is observer; 3 has neighbours 1, 2 and the liar 4; 0 links to 1, 2 and 4.
        var harness = PresenceHarness(nodes: 5)
        for (a, b) in [(0, 1), (0, 2), (0, 4), (3, 1), (3, 2), (3, 4)] { harness.link(a, b) }
        harness.run(for: 1)
        #expect(harness.sees(0, 3))
        // The liar signs records that leave 3 out: 3 stays online through 1 and 2.
        let sealer = ChecksumSealer()
        var lie = harness.machines[4].ownRecord.record
        lie.counter += 100
        lie.neighbours = lie.neighbours.filter { $0 != NodePrefix(harness.ids[3]) }
        harness.perform(
            harness.machines[0].received(
                .records([sealer.seal(lie)]), on: PresenceHarness.connection(0, 4), now: harness.now),
            at: 0)
        harness.run(for: 5)
        #expect(harness.sees(0, 3))
        // Now 3 dies and the liar keeps listing it (a record signed while 3 was alive, the
        // liar's own, re-sent with a higher counter).
        var keep = harness.machines[4].ownRecord.record
        keep.counter += 200
        keep.neighbours = [NodePrefix(harness.ids[0]), NodePrefix(harness.ids[3])].sorted()
        harness.dead.insert(3)
        harness.unlink(1, 3)
        harness.unlink(2, 3)
        let died = harness.now
        harness.perform(
            harness.machines[0].received(
                .records([sealer.seal(keep)]), on: PresenceHarness.connection(0, 4), now: harness.now),
            at: 0)
        harness.run(for: 0.5)
        #expect(harness.sees(0, 3), "the liar keeps it up for a moment")
        harness.run(for: 2)
        #expect(!harness.sees(0, 3))
        let settings = PresenceSettings()
        let limit = settings.staleAfter + settings.viewInterval + 0.001  // the view may wait its interval
        #expect((harness.wentOffline(0, 3) ?? .infinity) - died <= limit)
    }

    @Test func statusTextAndGameReachOtherNodesAndIdleComesAfterInactivity() {
        var settings = PresenceSettings()
        settings.idleAfter = 60
        var harness = PresenceHarness(nodes: 2, settings: settings)
        harness.link(0, 1)
        harness.perform(
            harness.machines[1].setStatus(
                .online, text: "fragging", game: InGame(game: "openarena", map: "oa_dm1", server: "10.0.0.5:27960"),
                now: harness.now), at: 1)
        harness.run(for: settings.viewInterval)  // the link's records came a moment ago
        let record = harness.machines[0].entry(of: harness.ids[1])?.record
        #expect(record?.text == "fragging")
        #expect(record?.game?.map == "oa_dm1")
        harness.run(for: 61)
        #expect(harness.machines[0].entry(of: harness.ids[1])?.shownStatus == "idle")
        harness.perform(harness.machines[1].activity(now: harness.now), at: 1)
        #expect(harness.machines[0].entry(of: harness.ids[1])?.shownStatus == "online")
        harness.perform(harness.machines[1].setStatus(.dnd, now: harness.now), at: 1)
        harness.run(for: 120)
        #expect(harness.machines[0].entry(of: harness.ids[1])?.shownStatus == "dnd", "a chosen status never idles")
    }

    @Test func aRenameReachesOtherNodesAsAChange() {
        var harness = PresenceHarness(nodes: 2)
        harness.link(0, 1)
        harness.run(for: 2)
        harness.perform(harness.machines[1].setName("Sarge", now: harness.now), at: 1)
        harness.run(for: PresenceSettings().viewInterval)
        #expect(harness.machines[0].entry(of: harness.ids[1])?.record?.name == "Sarge")
        #expect(
            harness.changes[0, default: []].contains {
                $0.entry.node == harness.ids[1] && $0.entry.record?.name == "Sarge"
            })
    }

    @Test func aGameAnAppFindsChangesOnlyTheGameAndTheSameGameSendsNothing() {
        var harness = PresenceHarness(nodes: 2)
        harness.link(0, 1)
        harness.perform(harness.machines[1].setStatus(.away, text: "pizza", now: harness.now), at: 1)
        harness.run(for: 2)
        let game = InGame(game: "OpenArena", map: "oa_dm1", server: "LAN-party test")
        harness.perform(harness.machines[1].setGame(game, now: harness.now), at: 1)
        harness.run(for: PresenceSettings().viewInterval)
        let seen = harness.machines[0].entry(of: harness.ids[1])?.record
        #expect(seen?.game == game && seen?.status == .away && seen?.text == "pizza")
        #expect(harness.machines[1].setGame(game, now: harness.now).isEmpty)
        harness.perform(harness.machines[1].setGame(nil, now: harness.now), at: 1)
        harness.run(for: PresenceSettings().viewInterval)
        #expect(harness.machines[0].entry(of: harness.ids[1])?.record?.game == nil)
    }

    @Test func aPeerThatSpeaksNoPresenceIsLeftOutOfTheRecord() throws {
        let own = try NodeID(bytes: [UInt8](repeating: 1, count: 32))
        let peer = try NodeID(bytes: [UInt8](repeating: 2, count: 32))
        let link = ConnectionID(rawValue: 7)
        var machine = PresenceMachine(own: own, sealer: ChecksumSealer(), now: 0, firstCounter: 1)
        _ = machine.linkUp(link, peer: peer, now: 0)
        _ = machine.heard(on: link, now: 0.5)
        #expect(machine.ownRecord.record.neighbours.isEmpty, "pings and changes alone do not make it a neighbour")
        _ = machine.received(.beacon, on: link, now: 0.6)
        #expect(machine.ownRecord.record.neighbours == [NodePrefix(peer)])
    }

    @Test func idleTrafficIsOneBeaconPerLinkPerInterval() {
        var harness = line()
        var beacons = 0
        var machine = harness.machines[1]
        let start = harness.now
        var now = start
        while let next = machine.nextWakeup(after: now), next < start + 10 {
            now = next
            for case .send(_, let message) in machine.tick(now: now) where message == .beacon { beacons += 1 }
            for connection in [PresenceHarness.connection(1, 0), PresenceHarness.connection(1, 2)] {
                _ = machine.received(.beacon, on: connection, now: now)
            }
        }
        harness.machines[1] = machine
        let expected = 2 * Int(10 / PresenceSettings().beaconInterval)
        #expect(abs(beacons - expected) <= 2, "two links, a beacon every interval: \(beacons)")
    }

    /// At 0.4 + 1.0 the difference 1.4 − 0.4 rounds below 1.0. A deadline checked by difference
    /// but scheduled by sum was never due at its own wake-up, which then came again at the same
    /// instant for ever (the simulator hung at N = 50).
    @Test func everyWakeUpDoesWhatIsDueAndTheNextOneIsLater() throws {
        var settings = PresenceSettings()
        settings.idleAfter = 1.0
        let own = try NodeID(bytes: [UInt8](repeating: 1, count: 32))
        let peer = try NodeID(bytes: [UInt8](repeating: 2, count: 32))
        let link = ConnectionID(rawValue: 7)
        var machine = PresenceMachine(own: own, sealer: ChecksumSealer(), settings: settings, now: 0.4, firstCounter: 1)
        _ = machine.linkUp(link, peer: peer, now: 0.4)
        _ = machine.received(.beacon, on: link, now: 0.4)
        #expect(machine.ownRecord.record.neighbours == [NodePrefix(peer)])
        var now = 0.4
        var wakeUps = 0
        while let next = machine.nextWakeup(after: now), next < 3, wakeUps < 100 {
            #expect(next > now, "a wake-up at \(next) after one at \(now)")
            if next <= now { break }
            now = next
            wakeUps += 1
            _ = machine.tick(now: now)
        }
        #expect(wakeUps < 100)
        #expect(machine.ownRecord.record.neighbours.isEmpty, "the silent link left the record at 1.4")
        #expect(machine.ownRecord.record.status == .idle, "idle at 1.4")
    }

    /// A node id whose first bytes are `prefix` and last bytes `number`.
    func id(prefix: UInt8, number: Int) throws -> NodeID {
        var bytes = [UInt8](repeating: prefix, count: 32)
        bytes[30] = UInt8(number >> 8)
        bytes[31] = UInt8(number & 0xFF)
        return try NodeID(bytes: bytes)
    }

    @Test func aFullTableForgetsTheNodeUnreachableLongestForANewOne() throws {
        var harness = PresenceHarness(nodes: 2)
        harness.link(0, 1)
        harness.run(for: 1)
        let sealer = ChecksumSealer()
        let connection = PresenceHarness.connection(0, 1)
        // Nodes nobody links to: offline, and the table fills up with them.
        var strangers: [NodeID] = []
        for number in 0..<(PresenceLimits.records - 1) {
            var bytes = [UInt8](repeating: 0x77, count: 32)
            bytes[0] = UInt8(number >> 8)
            bytes[1] = UInt8(number & 0xFF)
            let stranger = try NodeID(bytes: bytes)
            strangers.append(stranger)
            let record = PresenceRecord(node: stranger, counter: 1, status: .online)
            _ = harness.machines[0].received(.records([sealer.seal(record)]), on: connection, now: harness.now)
            harness.now += 0.001
        }
        harness.run(for: 0.1)
        #expect(harness.machines[0].entries.count == PresenceLimits.records + 1, "the strangers, 1 and 0 itself")
        let late = try id(prefix: 0xEE, number: 1)
        _ = harness.machines[0].received(
            .records([sealer.seal(PresenceRecord(node: late, counter: 1, status: .online))]), on: connection,
            now: harness.now)
        harness.run(for: 1)
        #expect(harness.machines[0].entry(of: late) != nil, "the newcomer is kept")
        #expect(harness.machines[0].entry(of: strangers[0]) == nil, "the stranger heard of first is forgotten")
        #expect(harness.machines[0].entry(of: strangers[1]) != nil)
        #expect(harness.sees(0, 1), "the reachable peer stays")
        #expect(harness.machines[0].drops.tableFull == 0)
    }

    @Test func aSecondNodeWithTheSamePrefixIsNotTaken() throws {
        var harness = PresenceHarness(nodes: 2)
        harness.link(0, 1)
        harness.run(for: 1)
        let sealer = ChecksumSealer()
        let first = try id(prefix: 0x42, number: 1)
        let second = try id(prefix: 0x42, number: 2)
        #expect(NodePrefix(first) == NodePrefix(second))
        for node in [first, second] {
            _ = harness.machines[0].received(
                .records([sealer.seal(PresenceRecord(node: node, counter: 1, status: .online))]),
                on: PresenceHarness.connection(0, 1), now: harness.now)
        }
        #expect(harness.machines[0].entry(of: first) != nil || harness.machines[0].drops.prefixTaken == 1)
        harness.run(for: 1)
        #expect(harness.machines[0].entry(of: first) != nil)
        #expect(harness.machines[0].entry(of: second) == nil)
        #expect(harness.machines[0].drops.prefixTaken == 1)
    }
}
