import Foundation
import HearthCrypto
import HearthNet
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// The defects of the hostile black-box test, reproduced: changes that can never apply filled
/// memory without a limit or expiry, and oversized changes were stored and relayed.
@Suite struct WaitingChangeLimitTests {
    let alice = RemoteAuthor()

    static func bigPost(_ bytes: Int, _ fill: UInt8) -> NewOp {
        try! ChatApp.channelOp("general", .post(ChatPost()), payload: [UInt8](repeating: fill, count: bytes))
    }

    /// A member pushes seq 2…N and withholds seq 1 (it added 430 MB of memory before).
    @Test func anAuthorWithholdingItsFirstChangeFillsAtMostItsShareOfTheBufferAndIsLogged() async throws {
        let test = try TestNode()
        _ = try alice.change(1, [.create("general")])
        let limit = CausalBufferLimits().bytesPerAuthor
        let perChange = 900_000
        let count = limit / perChange + 4
        for seq in 2...count + 1 {
            let change = try alice.change(UInt64(seq), [Self.bigPost(perChange, UInt8(seq % 200))])
            _ = await test.node.receive([change], from: alice.id)
        }
        let waiting = try await test.node.status().pendingChanges
        #expect(waiting < count && waiting >= count - 5, "waiting: \(waiting) of \(count)")
        #expect(await test.node.pending.bytes(of: alice.id) <= limit)
        #expect(test.lines.contains("too many changes waiting for their predecessors"))
        #expect(test.lines.count(containing: "too many changes waiting") == 1, "logged once a minute per author")
    }

    @Test func changesThatWaitTooLongAreDroppedAndLogged() async throws {
        let clock = TestNode.ManualClock()
        let test = try TestNode(clock: clock.reading)
        _ = try alice.change(1, [.create("general")])
        _ = await test.node.receive([try alice.change(2, [.post("general", "early")])], from: alice.id)
        #expect(try await test.node.status().pendingChanges == 1)
        clock.advance(by: CausalBufferLimits().maxWait + 1)
        _ = await test.node.receive([try alice.change(3, [.post("general", "later")])], from: alice.id)
        #expect(try await test.node.status().pendingChanges == 1, "the old one went, the new one waits")
        #expect(test.lines.contains("dropped changes that waited 10 minutes for their predecessors"))
    }

    /// Oversized changes refused by their app were still stored and relayed (5 × 3 MB cost
    /// 17 MB on every node).
    @Test func aChangeOverOneMebibyteIsRefusedBeforeItIsBufferedOrStored() async throws {
        let test = try TestNode()
        let first = try alice.change(1, [.create("general")])
        let huge = try alice.change(2, [Self.bigPost(1_100_000, 7)])
        let outcome = await test.node.receive([huge, first], from: alice.id)
        #expect(outcome.fresh == [alice.key(1)])
        #expect(await test.node.versionVector()[alice.id] == 1)
        #expect(try await test.node.status().pendingChanges == 0)
        #expect(test.lines.contains("over the 1 MiB limit"))
    }

    @Test func aLocalChangeOverOneMebibyteIsRefusedWithAMessageThatSaysSo() async throws {
        let test = try TestNode()
        _ = try await test.node.commit([.create("general")])
        await #expect(throws: NodeError.self) {
            _ = try await test.node.commit([Self.bigPost(1_100_000, 1)])
        }
        do {
            _ = try await test.node.commit([Self.bigPost(1_100_000, 1)])
        } catch let error as NodeError {
            #expect(error.message.contains("at most 1 MiB"))
        }
        #expect(await test.node.versionVector()[test.node.identity.id] == 1)
    }
}
