import Foundation
import HearthTestSupport
import Testing

@testable import HearthChat
@testable import HearthNode

/// The rules on clock readings (`Protocol/sync.md`, "Clock readings").
@Suite struct ClockRuleTests {
    let alice = RemoteAuthor()
    /// 2027-01-15, in seconds since 1970.
    static let now = 1_800_000_000.0

    static func hlc(secondsFromNow: Double) -> UInt64 { UInt64((now + secondsFromNow) * 1000) << 16 }

    @Test func aChangeDatedYearsAheadWaitsAndIsAppliedWhenItsTimeComes() async throws {
        let wall = TestNode.ManualClock(start: Self.now)
        let test = try TestNode(wallClock: wall.milliseconds)
        let tenYears = 10 * 365 * 86_400.0
        let future = try alice.change(1, [.create("general")], hlc: Self.hlc(secondsFromNow: tenYears))
        let later = try alice.change(
            2, [.post("general", "from the future")], hlc: Self.hlc(secondsFromNow: tenYears + 1))
        _ = await test.node.receive([future, later], from: alice.id)
        #expect(try test.node.chat.channels().isEmpty, "not applied as is")
        #expect(try await test.node.status().pendingChanges == 2)
        #expect(test.lines.count(containing: "minutes ahead of this node's clock") == 1)
        _ = await test.node.receive([], from: alice.id)
        #expect(test.lines.count(containing: "minutes ahead of this node's clock") == 1, "logged once per author")

        wall.advance(by: tenYears)
        _ = await test.node.receive([], from: alice.id)
        #expect(try await test.texts(in: "general") == ["from the future"])
    }

    @Test func aChangeFewMinutesAheadIsAppliedAndTheLocalClockNeverPassesTheDrift() async throws {
        let wall = TestNode.ManualClock(start: Self.now)
        let test = try TestNode(wallClock: wall.milliseconds)
        let ahead = Self.hlc(secondsFromNow: 240)
        _ = await test.node.receive(
            [
                try alice.change(1, [.create("general")], hlc: ahead),
                try alice.change(2, [.post("general", "skewed")], hlc: ahead + 1),
            ], from: alice.id)
        let reply = try await test.node.chat.post(channel: "general", text: "answer", replyTo: nil)
        #expect(reply.hlc > ahead + 1, "a reply sorts after what it answers")
        #expect(reply.hlc <= Self.hlc(secondsFromNow: 300), "at most the drift ahead of the wall clock")
        #expect(try await test.texts(in: "general") == ["skewed", "answer"])
    }

    @Test func aChangeWhoseClockGoesBackwardsIsRejected() async throws {
        let test = try TestNode(wallClock: TestNode.ManualClock(start: Self.now).milliseconds)
        let base = Self.hlc(secondsFromNow: -60)
        _ = await test.node.receive(
            [
                try alice.change(1, [.create("general")], hlc: base),
                try alice.change(2, [.post("general", "earlier than its predecessor")], hlc: base - 1),
            ], from: alice.id)
        #expect(try await test.texts(in: "general").isEmpty)
        #expect(await test.node.versionVector()[alice.id] == 1)
        #expect(test.lines.contains("clock reading is not later than its author's previous change"))
        #expect(try await test.node.status().pendingChanges == 0)
    }
}
