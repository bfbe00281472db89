import HearthCrypto
import HearthWire
import Testing

@testable import HearthNet

/// The two batching paths of a link: pushes that collect while its writer is busy leave as one
/// message, and change batches that arrive while the node stores earlier ones are stored
/// together.
@Suite struct SendBatchingTests {
    private static func decode(_ plaintexts: [[UInt8]]) throws -> [WireEnvelope] {
        var assembler = MessageAssembler()
        var envelopes: [WireEnvelope] = []
        for plaintext in plaintexts {
            assembler.append(plaintext)
            while let message = try assembler.nextMessage() { envelopes.append(try WireEnvelope.decode(message)) }
        }
        return envelopes
    }

    private static func ping(_ nonce: UInt64) -> WireEnvelope {
        WireEnvelope.with { $0.ping = .with { $0.nonce = nonce } }
    }

    @Test func pushesQueuedTogetherLeaveAsOneBatchAtTheFirstPushsPlace() throws {
        let alice = NodeIdentity.generate()
        let changes = try (1...5).map { try makeChange(by: alice, seq: UInt64($0)) }
        var queue = OutgoingQueue()
        let wakes = [
            try queue.append(Self.ping(1)), queue.push(Array(changes[0..<2])), try queue.append(Self.ping(2)),
            queue.push(Array(changes[2...])),
        ]
        #expect(wakes == [true, false, false, false])  // only the first item wakes the writer
        #expect(queue.byteCount > changes.reduce(0) { $0 + $1.byteCount })

        let sent = try Self.decode(queue.takeAll())
        #expect(sent.count == 3)
        #expect(sent[0].ping.nonce == 1)
        #expect(sent[1].changes.pushed)
        #expect(sent[1].changes.changes == changes.map(\.signed))
        #expect(sent[2].ping.nonce == 2)
        #expect(queue.isEmpty && queue.byteCount == 0)

        // After the writer took the queue, the next push starts a new batch and wakes it.
        let wokeAgain = queue.push([try makeChange(by: alice, seq: 6)])
        #expect(wokeAgain)
        #expect(try Self.decode(queue.takeAll()).map(\.changes.changes.count) == [1])
    }

    @Test func batchesPutWhileTheNodeStoresAreTakenTogetherInOrder() async throws {
        let alice = NodeIdentity.generate()
        let inbox = ChangeInbox()
        func batch(_ seqs: ClosedRange<UInt64>, pushed: Bool) throws -> WireChangeBatch {
            let changes = try seqs.map { try makeChange(by: alice, seq: $0).signed }
            return WireChangeBatch.with {
                $0.changes = changes
                $0.pushed = pushed
            }
        }
        await inbox.put(try batch(1...1, pushed: true))
        let first = try #require(await inbox.take())
        #expect(first.count == 1)
        // While the first is being stored, three more arrive: one take returns all three.
        await inbox.put(try batch(2...3, pushed: true))
        await inbox.put(try batch(4...4, pushed: true))
        await inbox.put(try batch(5...6, pushed: false))
        await inbox.stored()
        let rest = try #require(await inbox.take())
        let joined = rest.joinedByPushed()
        #expect(joined.map(\.pushed) == [true, false])
        #expect(joined.map { $0.changes.count } == [3, 2])
        #expect(joined.flatMap(\.changes) == (2...6).map { try! makeChange(by: alice, seq: $0).signed })
    }

    // A broken inbox would leave the loop below waiting forever: the limit turns that into a failure.
    @Test(.timeLimit(.minutes(1))) func otherMessagesWaitUntilTheChangesBeforeThemAreStored() async throws {
        let inbox = ChangeInbox()
        await inbox.waitUntilIdle()  // empty: returns at once
        await inbox.put(WireChangeBatch())
        let order = Order()
        let waiter = Task {
            await inbox.waitUntilIdle()
            await order.note("message handled")
        }
        while await inbox.waitingForIdle == 0 { await Task.yield() }
        _ = await inbox.take()
        await order.note("changes stored")
        await inbox.stored()
        await waiter.value
        #expect(await order.events == ["changes stored", "message handled"])
    }

    @Test(.timeLimit(.minutes(1))) func aFullInboxMakesTheReaderWaitUntilTheNodeTakesIt() async throws {
        let inbox = ChangeInbox()
        var full = WireChangeBatch()
        full.changes = Array(repeating: WireSignedChange(), count: ChangeInbox.limit)
        await inbox.put(full)
        let order = Order()
        let reader = Task {
            await inbox.put(WireChangeBatch())
            await order.note("put")
        }
        while await inbox.waitingReaders == 0 { await Task.yield() }
        await order.note("taken")
        #expect(try #require(await inbox.take()).count == 1)
        await reader.value
        #expect(await order.events == ["taken", "put"])
        await inbox.stored()
        await inbox.finish()
        #expect(try #require(await inbox.take()).count == 1)  // what was queued is still handed over
        #expect(await inbox.take() == nil)
    }
}

private actor Order {
    var events: [String] = []
    func note(_ event: String) { events.append(event) }
}
