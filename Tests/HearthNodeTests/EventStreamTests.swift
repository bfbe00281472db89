import Foundation
import HearthChatModels
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// Numbered events, resuming with `since`, and bounded queues for clients that stop reading.
@Suite struct EventStreamTests {
    let alice = RemoteAuthor()

    func changes(_ count: Int) throws -> [WireSignedChangeAlias] {
        var changes = [try alice.change(1, [.create("general")])]
        for seq in 2...UInt64(count + 1) { changes.append(try alice.change(seq, [.post("general", "m\(seq)")])) }
        return changes
    }

    func texts(_ events: [NodeEvent]) -> [String] { events.compactMap { $0.value(as: ChatMessage.self)?.text } }

    @Test func eventsAreNumberedAndAStreamResumesAfterTheLastSeqItSaw() async throws {
        let test = try TestNode()
        let all = try changes(6)
        var seen: [NodeEvent] = []
        do {
            let first = await test.node.events()
            _ = await test.node.receive(Array(all[0...3]), from: alice.id)
            for await event in first {
                seen.append(event)
                if texts(seen) == ["m2", "m3", "m4"] { break }
            }
        }
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.seq + 1 == $1.seq }, "consecutive numbers")
        _ = await test.node.receive(Array(all[4...]), from: alice.id)
        let resumed = await test.node.events(since: try #require(seen.last?.seq))
        var missed: [NodeEvent] = []
        for await event in resumed {
            missed.append(event)
            if texts(missed).count == 3 { break }
        }
        #expect(texts(missed) == ["m5", "m6", "m7"], "nothing lost, nothing repeated")
        #expect(missed.first?.seq == seen.last!.seq + 1)
    }

    @Test func aClientThatNeverReadsGetsAResyncAndCostsBoundedMemory() async throws {
        let test = try TestNode()
        let stalled = await test.node.events()
        let count = EventHub.queueLimit + 1_000
        _ = await test.node.receive(try changes(count), from: alice.id)
        var received: [NodeEvent] = []
        for await event in stalled { received.append(event) }
        #expect(received.count <= EventHub.queueLimit, "the queue never grew past its limit")
        let last = try #require(received.last)
        #expect(last.type == "resync")
        #expect(last.value(as: Resync.self)?.reason.contains("fell more than") == true)
        #expect(await test.node.eventHub.subscriberCount == 0, "the stalled client was dropped")
        // Resubscribing with the resync's seq gets everything published since, then live events.
        let live = await test.node.events(since: last.seq)
        _ = await test.node.receive([try alice.change(UInt64(count + 2), [.post("general", "after")])], from: alice.id)
        var after: [NodeEvent] = []
        for await event in live {
            after.append(event)
            if texts([event]) == ["after"] { break }
        }
        #expect(after.first?.seq == last.seq + 1)
        #expect(zip(after, after.dropFirst()).allSatisfy { $0.seq + 1 == $1.seq }, "no gap")
    }

    @Test func resumingFromAnEventNoLongerKeptOrFromAnotherRunGivesAResync() async throws {
        let test = try TestNode()
        _ = await test.node.receive(try changes(2), from: alice.id)
        for since: UInt64 in [1, UInt64.max - 1] {
            let stream = await test.node.events(since: since)
            var events: [NodeEvent] = []
            for await event in stream { events.append(event) }
            #expect(events.map(\.type) == ["resync"])
        }
    }
}

typealias WireSignedChangeAlias = HearthWire.WireSignedChange
