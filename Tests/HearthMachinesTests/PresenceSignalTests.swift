import HearthCrypto
import Testing

@testable import HearthMachines

/// Typing and focus signals on a fake clock, over the presence machines' links.
@Suite struct PresenceSignalTests {
    let general = TypingPlace(channel: "general")

    func line() -> PresenceHarness {
        var harness = PresenceHarness(nodes: 3)
        harness.link(0, 1)
        harness.link(1, 2)
        harness.run(for: 1)
        return harness
    }

    /// When `observer` last reported `node` typing in `place` starting (true) or stopping.
    func lastTyping(_ harness: PresenceHarness, _ observer: Int, _ node: Int, _ place: TypingPlace) -> (
        at: Double, started: Bool
    )? {
        let id = harness.ids[node]
        for (at, event) in (harness.signals[observer] ?? []).reversed() {
            switch event {
            case .typingStarted(id, place): return (at, true)
            case .typingStopped(id, place): return (at, false)
            default: continue
            }
        }
        return nil
    }

    func sentSignals(_ actions: [PresenceAction]) -> Int {
        actions.filter { if case .send(_, .signals) = $0 { true } else { false } }.count
    }

    @Test func typingReachesANodeWithoutALinkAndLapsesThreeSecondsAfterTheLastSignal() {
        var harness = line()
        let start = harness.now
        harness.perform(harness.machines[2].typing(in: general, now: harness.now), at: 2)
        #expect(lastTyping(harness, 0, 2, general).map { $0 == (start, true) } == true, "at once, through 1")
        #expect(harness.machines[0].typingNow[harness.ids[2]] == [general])
        harness.run(for: 2.9)
        #expect(lastTyping(harness, 0, 2, general)?.started == true)
        harness.run(for: 0.2)
        let stopped = lastTyping(harness, 0, 2, general)
        #expect(stopped?.started == false)
        #expect(abs((stopped?.at ?? 0) - (start + SignalLimits.typingLifetime)) < 0.001)
    }

    @Test func typingOnGoesOutOncePerSecondAndSendingStopsItAtOnce() {
        var harness = line()
        let start = harness.now
        var signals = 0
        for step in 0..<50 {
            harness.run(until: start + Double(step) * 0.1)
            let actions = harness.machines[2].typing(in: general, now: harness.now)
            signals += sentSignals(actions)
            harness.perform(actions, at: 2)
        }
        #expect(signals >= 5 && signals <= 6, "one signal per second of typing: \(signals)")
        #expect(lastTyping(harness, 0, 2, general)?.started == true, "shown all along")
        #expect(!(harness.signals[0] ?? []).contains { $0.event == .typingStopped(harness.ids[2], general) })
        let sentAt = harness.now
        harness.perform(harness.machines[2].stoppedTyping(in: general, now: harness.now), at: 2)
        #expect(lastTyping(harness, 0, 2, general).map { $0 == (sentAt, false) } == true)
        #expect(sentSignals(harness.machines[2].stoppedTyping(in: general, now: harness.now)) == 0, "once")
    }

    @Test func typingAndFocusVanishWithTheirNode() {
        var harness = line()
        let target = FocusTarget(object: [UInt8](repeating: 7, count: 16), position: [0, 42])
        harness.perform(
            harness.machines[2].typing(in: TypingPlace(channel: "general", thread: "m1"), now: harness.now), at: 2)
        harness.perform(harness.machines[2].focus(target, now: harness.now), at: 2)
        #expect(harness.machines[0].focusNow[harness.ids[2]] == target)
        harness.dead.insert(2)
        harness.unlink(1, 2)
        harness.run(for: 0.1)
        #expect(harness.machines[0].typingNow[harness.ids[2]] == nil)
        #expect(harness.machines[0].focusNow[harness.ids[2]] == nil)
        #expect((harness.signals[0] ?? []).contains { $0.event == .focusChanged(harness.ids[2], nil) })
    }

    @Test func focusGoesOutAtMostThirtyTimesASecondAndTheLatestArrives() {
        var harness = line()
        let start = harness.now
        var signals = 0
        var last = FocusTarget(object: [UInt8](repeating: 7, count: 16), position: [])
        for step in 0..<200 {
            harness.run(until: start + Double(step) * 0.005)
            last.position = [UInt8(step % 256)]
            let actions = harness.machines[2].focus(last, now: harness.now)
            signals += sentSignals(actions)
            harness.perform(actions, at: 2)
        }
        harness.run(for: 0.1)
        let everyLink = 1  // node 2 has one link
        #expect(signals / everyLink <= 31, "\(signals) focus signals in one second")
        #expect(harness.machines[0].focusNow[harness.ids[2]] == last, "the latest position arrives")
    }

    @Test func forgedReplayedOversizedAndUnknownSignalsAreRefused() throws {
        var harness = line()
        let sealer = ChecksumSealer()
        let link = PresenceHarness.connection(0, 1)
        var forged = sealer.seal(
            LiveSignal(node: harness.ids[2], counter: 1 << 60, content: .typing(general, active: true)))
        forged.signature[0] ^= 1
        let stranger = try NodeID(bytes: [UInt8](repeating: 0x55, count: 32))
        let unknown = sealer.seal(LiveSignal(node: stranger, counter: 1, content: .typing(general, active: true)))
        let long = sealer.seal(
            LiveSignal(
                node: harness.ids[1], counter: 1 << 60,
                content: .typing(
                    TypingPlace(channel: String(repeating: "x", count: SignalLimits.placeBytes + 1)), active: true)))
        _ = harness.machines[0].received(.signals([forged, unknown, long]), on: link, now: harness.now)
        #expect(harness.machines[0].drops.badSignature == 1)
        #expect(harness.machines[0].drops.signalsRefused == 1)
        #expect(harness.machines[0].drops.oversized == 1)
        #expect(harness.machines[0].typingNow.isEmpty)
        // Typing in more places than allowed.
        for number in 0...SignalLimits.typingPlacesPerNode {
            let signal = LiveSignal(
                node: harness.ids[1], counter: (1 << 60) + UInt64(number),
                content: .typing(TypingPlace(channel: "c\(number)"), active: true))
            _ = harness.machines[0].received(.signals([sealer.seal(signal)]), on: link, now: harness.now)
        }
        #expect(harness.machines[0].typingNow[harness.ids[1]]?.count == SignalLimits.typingPlacesPerNode)
        #expect(harness.machines[0].drops.signalsRefused == 2)
        // A replay of an older signal of a key.
        let old = LiveSignal(
            node: harness.ids[1], counter: 1 << 59, content: .typing(TypingPlace(channel: "c0"), active: false))
        _ = harness.machines[0].received(.signals([sealer.seal(old)]), on: link, now: harness.now)
        #expect(harness.machines[0].drops.older == 1)
        #expect(harness.machines[0].typingNow[harness.ids[1]]?.contains(TypingPlace(channel: "c0")) == true)
    }

    @Test func aForgedOwnSignalIsNotAdoptedAndTheNodeStillSigns() {
        var harness = line()
        let sealer = ChecksumSealer()
        var forged = sealer.seal(LiveSignal(node: harness.ids[0], counter: .max, content: .focus(nil)))
        forged.signature[0] ^= 1
        _ = harness.machines[0].received(.signals([forged]), on: PresenceHarness.connection(0, 1), now: harness.now)
        let actions = harness.machines[0].typing(in: general, now: harness.now)
        #expect(sentSignals(actions) == 1, "the next signal still goes out (a forged counter would overflow it)")
        harness.perform(actions, at: 0)
        #expect(harness.machines[2].typingNow[harness.ids[0]] == [general])
    }

    @Test func typingInManyPlacesOneAfterAnotherIsAlwaysShown() {
        var harness = line()
        for number in 0..<(SignalLimits.typingPlacesPerNode * 2) {
            let place = TypingPlace(channel: "c\(number)")
            harness.perform(harness.machines[2].typing(in: place, now: harness.now), at: 2)
            #expect(harness.machines[0].typingNow[harness.ids[2]] == [place], "place \(number)")
            harness.perform(harness.machines[2].stoppedTyping(in: place, now: harness.now), at: 2)
        }
        #expect(harness.machines[0].drops.signalsRefused == 0)
        #expect((harness.machines[0].heardSignals[harness.ids[2]]?.count ?? 0) <= 1, "ended places are forgotten")
    }

    @Test func aSignalThatArrivesAfterItsNodesGoodbyeIsNotKept() {
        var harness = line()
        let late = ChecksumSealer().seal(
            LiveSignal(
                node: harness.ids[2], counter: 1 << 62,
                content: .focus(FocusTarget(object: [UInt8](repeating: 1, count: 16), position: []))))
        harness.perform(harness.machines[2].leave(now: harness.now), at: 2)
        harness.run(for: 0.1)
        #expect(!harness.sees(0, 2))
        _ = harness.machines[0].received(.signals([late]), on: PresenceHarness.connection(0, 1), now: harness.now)
        #expect(harness.machines[0].focusNow[harness.ids[2]] == nil)
        #expect(harness.machines[0].drops.signalsRefused == 1)
    }

    // MARK: App signals

    let scoreboard = [UInt8](repeating: 9, count: 16)

    func app(_ data: [UInt8]) -> AppSignal { AppSignal(app: "stats.live", object: scoreboard, data: data) }

    /// The app signals `observer` reported of `node`, in order.
    func appEvents(_ harness: PresenceHarness, _ observer: Int, _ node: Int) -> [AppSignal] {
        (harness.signals[observer] ?? []).compactMap { entry in
            if case .appChanged(harness.ids[node], let signal) = entry.event { signal } else { nil }
        }
    }

    @Test func anAppsStateReachesEveryNodeAtMostFourTimesASecondTheLatestWinning() {
        var harness = line()
        let start = harness.now
        let activity = harness.machines[2].lastActivity
        var sent = 0
        for step in 0..<100 {
            harness.run(until: start + Double(step) * 0.01)
            let actions = harness.machines[2].appSignal(app([UInt8(step)]), now: harness.now)
            sent += sentSignals(actions)
            harness.perform(actions, at: 2)
        }
        harness.run(for: 0.5)
        #expect(sent <= 5, "\(sent) signals for one second of changes")
        #expect(appEvents(harness, 0, 2).first?.data == [0], "the first goes out at once, through node 1")
        #expect(harness.machines[0].appSignalsNow[harness.ids[2]] == [app([99])], "the latest arrives")
        #expect(harness.machines[2].lastActivity == activity, "an app's state is not the user's activity")
        // Empty data ends it everywhere.
        harness.run(for: 1)
        harness.perform(harness.machines[2].appSignal(app([]), now: harness.now), at: 2)
        #expect(harness.machines[0].appSignalsNow[harness.ids[2]] == nil)
        #expect(appEvents(harness, 0, 2).last == app([]))
    }

    @Test func anAppsStateVanishesWithItsNodeAndBadOnesAreRefused() throws {
        var harness = line()
        harness.perform(harness.machines[2].appSignal(app([1, 2, 3]), now: harness.now), at: 2)
        #expect(harness.machines[1].appSignalsNow[harness.ids[2]] == [app([1, 2, 3])], "relayed and shown")
        let sealer = ChecksumSealer()
        let link = PresenceHarness.connection(0, 1)
        let bad = [
            AppSignal(app: "Stats", object: scoreboard, data: [1]),
            AppSignal(app: "stats.live", object: [1, 2], data: [1]),
            AppSignal(
                app: "stats.live", object: scoreboard, data: [UInt8](repeating: 1, count: SignalLimits.appDataBytes + 1)
            ),
        ]
        for (offset, signal) in bad.enumerated() {
            let sealed = sealer.seal(
                LiveSignal(node: harness.ids[1], counter: (1 << 60) + UInt64(offset), content: .app(signal)))
            _ = harness.machines[0].received(.signals([sealed]), on: link, now: harness.now)
        }
        #expect(harness.machines[0].drops.oversized == 3)
        #expect(harness.machines[0].appSignalsNow[harness.ids[1]] == nil)
        // More keys than a node may have shown.
        for number in 0...SignalLimits.appKeysPerNode {
            let signal = AppSignal(app: "stats.server", object: [UInt8](repeating: UInt8(number), count: 16), data: [1])
            let sealed = sealer.seal(
                LiveSignal(node: harness.ids[1], counter: (1 << 61) + UInt64(number), content: .app(signal)))
            _ = harness.machines[0].received(.signals([sealed]), on: link, now: harness.now)
        }
        #expect(harness.machines[0].appSignalsNow[harness.ids[1]]?.count == SignalLimits.appKeysPerNode)
        harness.dead.insert(2)
        harness.unlink(1, 2)
        harness.run(for: 0.1)
        #expect(harness.machines[0].appSignalsNow[harness.ids[2]] == nil)
        #expect(appEvents(harness, 0, 2).last == app([]), "its state ends with it")
    }

    /// App states are state, not moments: a node that links later gets those held, after the
    /// records of their nodes.
    @Test func aNodeThatLinksLaterGetsTheAppStatesHeld() {
        var harness = PresenceHarness(nodes: 4)
        harness.link(0, 1)
        harness.link(1, 2)
        harness.run(for: 1)
        harness.perform(harness.machines[2].appSignal(app([7]), now: harness.now), at: 2)
        harness.perform(
            harness.machines[1].appSignal(
                AppSignal(app: "stats.server", object: scoreboard, data: [1]), now: harness.now), at: 1)
        harness.run(for: 1)
        harness.link(0, 3)  // node 3's digest reaches node 0 once both ends are up
        harness.run(for: 0.5)
        #expect(harness.machines[3].appSignalsNow[harness.ids[2]] == [app([7])], "another node's, through the new link")
        #expect(harness.machines[3].appSignalsNow[harness.ids[1]]?.count == 1)
        #expect(harness.machines[3].drops.signalsRefused == 0, "each came after its node's record")
    }
}
