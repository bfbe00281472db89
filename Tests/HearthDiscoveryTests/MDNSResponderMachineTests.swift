import Testing

@testable import HearthDiscovery

/// The built-in responder's schedule on a fake clock (no socket).
@Suite struct MDNSResponderMachineTests {
    let service = HearthService(
        instance: "Hearth a1b2c3d4", host: DNSName("hearth-a1b2c3d4.local"), port: 7420,
        addresses: [IPv4Address(10, 77, 0, 1)], nodeID: String(repeating: "ab", count: 32),
        networkTag: "0011223344556677")

    /// A seeded source, so every run draws the same delays.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64 = 1
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    /// Runs the machine in 10 ms steps until `end`; returns what it sent, with the times.
    static func run(
        _ machine: inout MDNSResponderMachine, from start: Double, to end: Double, random: inout Seeded
    ) -> [(time: Double, message: DNSMessage)] {
        var sent: [(Double, DNSMessage)] = []
        var time = start
        while time <= end {
            for case .send(let message) in machine.tick(now: time, random: &random) { sent.append((time, message)) }
            time += 0.01
        }
        return sent
    }

    @Test func probesThreeTimesAQuarterSecondApartThenAnnouncesTwiceASecondApart() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: service, now: 0, random: &random)
        let sent = Self.run(&machine, from: 0, to: 3, random: &random).filter {
            !$0.message.questions.contains { $0.name == HearthService.serviceType }
        }
        let probes = sent.filter { !$0.message.isResponse }
        let announcements = sent.filter(\.message.isResponse)
        #expect(probes.count == 3)
        #expect(zip(probes.dropFirst(), probes).allSatisfy { abs($0.time - $1.time - 0.25) < 0.011 })
        #expect(announcements.count == 2)
        #expect(abs(announcements[1].time - announcements[0].time - 1) < 0.011)
        #expect(machine.isAnnounced)
    }

    @Test func aConflictingAnswerWhileProbingRenamesAndProbesAgain() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: service, now: 0, random: &random)
        _ = Self.run(&machine, from: 0, to: 0.3, random: &random)
        var other = service
        other.port = 9999
        let actions = machine.received(other.announcement(), now: 0.31, random: &random)
        #expect(actions.contains { if case .log(.notice, _, _) = $0 { true } else { false } })
        #expect(machine.own?.instance == "Hearth a1b2c3d4 (2)")
        _ = Self.run(&machine, from: 0.32, to: 3, random: &random)
        #expect(machine.isAnnounced)
    }

    @Test func sharedAnswersWaitTwentyToAHundredAndTwentyMillisecondsAndKnownAnswersSuppressThem() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: service, now: 0, random: &random)
        _ = Self.run(&machine, from: 0, to: 3, random: &random)
        let query = DNSMessage(questions: [DNSQuestion(name: HearthService.serviceType, type: .ptr)])
        #expect(machine.received(query, now: 10, random: &random).isEmpty)
        let answers = Self.run(&machine, from: 10, to: 10.2, random: &random).filter(\.message.isResponse)
        #expect(answers.count == 1)
        #expect(answers[0].time >= 10.02 && answers[0].time <= 10.13)
        let (pointer, _) = service.records()
        var known = query
        known.answers = [pointer]
        _ = machine.received(known, now: 20, random: &random)
        #expect(Self.run(&machine, from: 20, to: 20.2, random: &random).filter(\.message.isResponse).isEmpty)
    }

    /// `BuiltinMDNS.tasks` grew by one entry per delayed answer, forever.
    @Test func aFloodOfQueriesKeepsAtMostThirtyTwoAnswersWaitingAndAnswersEachOnce() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: service, now: 0, random: &random)
        _ = Self.run(&machine, from: 0, to: 3, random: &random)
        for index in 0..<10_000 {
            var query = DNSMessage(questions: [DNSQuestion(name: HearthService.serviceType, type: .ptr)])
            query.id = UInt16(index % 60_000)
            _ = machine.received(query, now: 5, random: &random)
        }
        #expect(machine.delayedAnswers.count == 1, "the same answer waits once")
        let sent = Self.run(&machine, from: 5, to: 6, random: &random).filter(\.message.isResponse)
        #expect(sent.count == 1)
        #expect(machine.delayedAnswers.count <= MDNSResponderMachine.maxDelayedAnswers)
    }

    @Test func browsingAsksAgainAfterOneTwoFourSecondsAndSoOn() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: nil, now: 0, random: &random)
        let queries = Self.run(&machine, from: 0, to: 16, random: &random).filter { !$0.message.isResponse }.map(\.time)
        let gaps = zip(queries.dropFirst(), queries).map { ($0 - $1).rounded() }
        #expect(gaps == [1, 2, 4, 8])
    }

    @Test func aHostFloodingRecordsCannotGrowTheCacheBeyondItsCapacity() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: nil, now: 0, random: &random)
        for index in 0..<270 {
            var other = service
            other.instance = "Hearth \(index)"
            _ = machine.received(other.announcement(), now: Double(index) / 100, random: &random)
        }
        #expect(machine.cache.entries.count <= MDNSResponderMachine.cacheCapacity)
    }

    @Test func stoppingSaysGoodbyeWithTTLZero() {
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: service, now: 0, random: &random)
        _ = Self.run(&machine, from: 0, to: 3, random: &random)
        let actions = machine.stop()
        guard case .send(let goodbye) = actions.first else {
            Issue.record("no goodbye")
            return
        }
        #expect(goodbye.answers.allSatisfy { $0.ttl == 0 })
        #expect(machine.nextWakeup == nil)
    }
}
