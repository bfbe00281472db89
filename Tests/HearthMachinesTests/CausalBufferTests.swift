import HearthCRDT
import HearthCrypto
import Testing

@testable import HearthMachines

/// The buffer of changes waiting for what they need, on a fake clock.
@Suite struct CausalBufferTests {
    struct Change: BufferableChange {
        var key: ChangeKey
        var deps: [ChangeKey] = []
        var byteCount = 100
        var fingerprint: [UInt8] = [1]
    }

    let alice = NodeIdentity.generate().id
    let bob = NodeIdentity.generate().id

    func key(_ author: NodeID, _ seq: UInt64) -> ChangeKey { ChangeKey(author: author, seq: seq) }

    @Test func releasesChangesInCausalOrderOnceWhatTheyNeedIsThere() {
        var buffer = CausalBuffer<Change>()
        #expect(buffer.add(Change(key: key(alice, 2)), now: 0) == .added)
        #expect(buffer.add(Change(key: key(bob, 1), deps: [key(alice, 2)]), now: 0) == .added)
        #expect(buffer.ready(after: VersionVector(), limit: 10).changes.isEmpty)
        #expect(buffer.add(Change(key: key(alice, 1)), now: 0) == .added)
        let ready = buffer.ready(after: VersionVector(), limit: 10).changes.map(\.key)
        #expect(ready == [key(alice, 1), key(alice, 2), key(bob, 1)])
        let limited = buffer.ready(after: VersionVector(), limit: 2)
        #expect(limited.changes.count == 2 && limited.isFull)
    }

    @Test func aSecondVersionOfAWaitingChangeIsAnEquivocationAndTheFirstStays() {
        var buffer = CausalBuffer<Change>()
        #expect(buffer.add(Change(key: key(alice, 2), fingerprint: [1]), now: 0) == .added)
        #expect(buffer.add(Change(key: key(alice, 2), fingerprint: [1]), now: 1) == .alreadyWaiting)
        #expect(buffer.add(Change(key: key(alice, 2), fingerprint: [2]), now: 1) == .equivocation)
        #expect(buffer.change(key(alice, 2))?.fingerprint == [1])
        #expect(buffer.count == 1)
    }

    /// The hostile member of the issue: it pushes seq 2…N and withholds seq 1.
    @Test func anAuthorWithholdingItsFirstChangeCannotFillMemory() {
        var limits = CausalBufferLimits()
        limits.bytesPerAuthor = 10_000
        limits.totalBytes = 25_000
        var buffer = CausalBuffer<Change>(limits: limits)
        var outcomes: [CausalBuffer<Change>.Admission] = []
        for seq in 2...500 { outcomes.append(buffer.add(Change(key: key(alice, UInt64(seq))), now: 0)) }
        #expect(outcomes.filter { $0 == .added }.count == 100)
        #expect(outcomes.last == .overAuthorLimit)
        #expect(buffer.bytes(of: alice) == 10_000)
        // Others still get in, up to the total.
        for seq in 2...200 { _ = buffer.add(Change(key: key(bob, UInt64(seq))), now: 0) }
        #expect(buffer.bytes == 20_000)
        let carol = NodeIdentity.generate().id
        for seq in 2...200 { _ = buffer.add(Change(key: key(carol, UInt64(seq))), now: 0) }
        #expect(buffer.bytes <= 25_000)
        #expect(buffer.add(Change(key: key(NodeIdentity.generate().id, 2)), now: 0) == .overTotalLimit)
    }

    @Test func changesThatWaitedTooLongExpireAndSoDoThoseAlreadyApplied() {
        var limits = CausalBufferLimits()
        limits.maxWait = 600
        var buffer = CausalBuffer<Change>(limits: limits)
        _ = buffer.add(Change(key: key(alice, 2)), now: 0)
        _ = buffer.add(Change(key: key(bob, 3)), now: 500)
        _ = buffer.add(Change(key: key(bob, 5)), now: 500)
        #expect(buffer.expire(now: 599, heads: VersionVector()).isEmpty)
        #expect(buffer.expire(now: 600, heads: VersionVector()).map(\.key) == [key(alice, 2)])
        #expect(buffer.expire(now: 601, heads: VersionVector([bob: 3])).map(\.key) == [key(bob, 3)])
        #expect(buffer.count == 1 && buffer.bytes == 100)
        #expect(buffer.oldestArrival == 500)
    }
}
