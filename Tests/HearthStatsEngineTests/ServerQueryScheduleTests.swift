import HearthStatsEngine
import Testing

/// The poll schedule on a fake clock: 2 s while answering, 1 s timeouts, backoff and recovery.
struct ServerQueryScheduleTests {
    let alpha = ServerAddress(host: "10.0.0.5")
    let beta = ServerAddress(host: "10.0.0.6", port: 27961)

    @Test func anAnsweringServerIsPolledEveryTwoSeconds() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 100)
        #expect(schedule.nextDeadline == 100)
        var sent: [Double] = []
        var now = 100.0
        while now < 110 {
            if schedule.due(now: now) == [alpha] {
                sent.append(now)
                schedule.answered(alpha, now: now + 0.03)
            }
            now = schedule.nextDeadline ?? .infinity
        }
        #expect(sent == [100, 102, 104, 106, 108])
        #expect(schedule.health(of: alpha) == .answering)
        #expect(schedule.takeChanges().isEmpty)
    }

    @Test func aQueryUnansweredAfterOneSecondIsATimeout() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        #expect(schedule.due(now: 0) == [alpha])
        #expect(schedule.nextDeadline == 1)
        #expect(schedule.due(now: 0.999).isEmpty)
        #expect(schedule.timeouts(of: alpha) == 0)
        #expect(schedule.due(now: 1).isEmpty)
        #expect(schedule.timeouts(of: alpha) == 1)
        #expect(schedule.nextDeadline == 2)
        #expect(schedule.due(now: 2) == [alpha])
    }

    @Test func timeoutsBackOffExponentiallyUpTo60Seconds() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        var sent: [Double] = []
        var now = 0.0
        while now < 400 {
            if schedule.due(now: now) == [alpha] { sent.append(now) }
            now = schedule.nextDeadline ?? .infinity
        }
        #expect(sent == [0, 2, 6, 14, 30, 62, 122, 182, 242, 302, 362])
        #expect(zip(sent.dropFirst(), sent).map { $0 - $1 } == [2, 4, 8, 16, 32, 60, 60, 60, 60, 60])
        #expect(schedule.timeouts(of: alpha) == 11)
    }

    @Test func threeTimeoutsInARowReportTheServerAsNotAnswering() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        _ = schedule.due(now: 0)
        schedule.answered(alpha, now: 0.1)
        _ = schedule.due(now: 2)
        _ = schedule.due(now: 3)  // first timeout
        _ = schedule.due(now: 6)
        _ = schedule.due(now: 7)  // second
        #expect(schedule.health(of: alpha) == .answering)
        #expect(schedule.takeChanges().isEmpty)
        _ = schedule.due(now: 10)
        _ = schedule.due(now: 11)  // third
        #expect(schedule.health(of: alpha) == .notAnswering)
        #expect(schedule.notAnswering == [alpha])
        #expect(schedule.takeChanges() == [.stoppedAnswering(alpha)])
        // Reported once, not at every timeout after.
        _ = schedule.due(now: 18)
        _ = schedule.due(now: 19)
        #expect(schedule.takeChanges().isEmpty)
    }

    @Test func aServerThatNeverAnsweredIsNotAnsweringAfterThreeTimeouts() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        for now in [0.0, 1, 2, 3, 6] { _ = schedule.due(now: now) }
        #expect(schedule.health(of: alpha) == .unknown)
        _ = schedule.due(now: 7)
        #expect(schedule.health(of: alpha) == .notAnswering)
        #expect(schedule.takeChanges() == [.stoppedAnswering(alpha)])
    }

    @Test func aLaterAnswerResetsTheBackoff() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        for now in [0.0, 1, 2, 3, 6, 7, 14, 15, 30] { _ = schedule.due(now: now) }
        #expect(schedule.timeouts(of: alpha) == 4)
        _ = schedule.takeChanges()
        // The query sent at 30 is answered.
        schedule.answered(alpha, now: 30.2)
        #expect(schedule.health(of: alpha) == .answering)
        #expect(schedule.timeouts(of: alpha) == 0)
        #expect(schedule.takeChanges() == [.answeringAgain(alpha)])
        #expect(schedule.nextDeadline == 32)
        #expect(schedule.due(now: 32) == [alpha])
    }

    @Test func anAnswerAfterItsTimeoutStillCounts() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        _ = schedule.due(now: 0)
        _ = schedule.due(now: 1)
        #expect(schedule.timeouts(of: alpha) == 1)
        schedule.answered(alpha, now: 1.5)
        #expect(schedule.timeouts(of: alpha) == 0)
        #expect(schedule.nextDeadline == 2)
    }

    @Test func aSendFailureCountsOnceAsATimeout() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        _ = schedule.due(now: 0)
        schedule.timedOut(alpha, now: 0.01)
        schedule.timedOut(alpha, now: 0.02)  // nothing in flight any more: ignored
        #expect(schedule.timeouts(of: alpha) == 1)
        #expect(schedule.nextDeadline == 2)
        #expect(schedule.due(now: 1).isEmpty)
        #expect(schedule.timeouts(of: alpha) == 1)
    }

    @Test func answersFromServersNotPolledOrNotAskedAreIgnored() {
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0)
        schedule.answered(beta, now: 0)
        schedule.answered(alpha, now: 0)  // nothing sent yet
        #expect(schedule.health(of: alpha) == .unknown)
        #expect(schedule.health(of: beta) == nil)
        schedule.timedOut(beta, now: 0)
        #expect(schedule.addresses == [alpha])
    }

    @Test func serversComeAndGo() {
        var schedule = ServerPollSchedule(now: 0)
        #expect(schedule.nextDeadline == nil)
        #expect(schedule.due(now: 0).isEmpty)
        schedule.add(beta, now: 5)
        schedule.add(alpha, now: 5)
        #expect(schedule.due(now: 5) == [alpha, beta])
        schedule.add(alpha, now: 6)  // already polled: unchanged
        #expect(schedule.nextDeadline == 6)
        schedule.remove(alpha)
        schedule.answered(alpha, now: 5.1)
        #expect(schedule.addresses == [beta])
        #expect(schedule.health(of: alpha) == nil)
    }

    /// Two servers on a fake network: beta goes down at 20 s and comes back at 200 s; the driver
    /// wakes only at `nextDeadline`, as a real one would.
    @Test func aSimulatedLANPartyIsDeterministic() {
        func run() -> (sends: [ServerAddress: [Double]], changes: [(Double, ServerPollSchedule.Change)]) {
            var schedule = ServerPollSchedule(addresses: [alpha, beta], now: 0)
            var sends: [ServerAddress: [Double]] = [:]
            var changes: [(Double, ServerPollSchedule.Change)] = []
            var now = 0.0
            while now <= 300 {
                for address in schedule.due(now: now) {
                    sends[address, default: []].append(now)
                    let down = address == beta && now >= 20 && now < 200
                    if !down { schedule.answered(address, now: now + 0.05) }
                }
                changes += schedule.takeChanges().map { (now, $0) }
                guard let next = schedule.nextDeadline, next > now else { break }
                now = next
            }
            return (sends, changes)
        }
        let (sends, changes) = run()
        #expect(sends[alpha]?.count == 151)
        #expect(zip(sends[alpha]!.dropFirst(), sends[alpha]!).allSatisfy { $0 - $1 == 2 })
        let betaSends = sends[beta] ?? []
        #expect(betaSends.prefix(12) == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22])
        #expect(betaSends.contains(200) == false)
        // Down from 20: timeouts at 21, 23, 27 (third: not answering), then 2, 4, … 60 s apart.
        #expect(changes.map(\.1) == [.stoppedAnswering(beta), .answeringAgain(beta)])
        #expect(changes.first?.0 == 27)
        let firstBack = betaSends.first { $0 >= 200 } ?? 0
        #expect(firstBack <= 260)
        #expect(betaSends.filter { $0 > firstBack }.allSatisfy { Int($0 - firstBack) % 2 == 0 })
        let again = run()
        #expect(again.sends == sends)
        #expect(again.changes.map(\.0) == changes.map(\.0))
    }

    @Test func theTimingIsAdjustable() {
        let timing = ServerPollSchedule.Timing(interval: 5, timeout: 0.5, maxBackoff: 12, timeoutsBeforeNotAnswering: 1)
        var schedule = ServerPollSchedule(addresses: [alpha], now: 0, timing: timing)
        var sent: [Double] = []
        var now = 0.0
        while now < 60 {
            if !schedule.due(now: now).isEmpty { sent.append(now) }
            now = schedule.nextDeadline ?? .infinity
        }
        #expect(sent == [0, 5, 15, 27, 39, 51])
        #expect(schedule.takeChanges() == [.stoppedAnswering(alpha)])
    }
}
