import HearthCRDT
import Testing

/// A document finds a character's run from where each of its author's runs starts (a bit per
/// counter in chunks of 4,096, the run at each start), not from an entry per character. These
/// tests edit at and across the chunks' edges, in runs longer than many chunks, and check what
/// every other way of getting the same document gives: its ops one by one in reverse (each waits
/// for the one before), its history from nothing, and its saved state.
@Suite struct TextRunIndexTests {
    let chunk = 4_096

    /// A paste of 300,000 characters (73 chunks: more than one 64-chunk word of the index's top
    /// level) is cut into by inserts and deletes at the chunks' edges and deep inside, then typed
    /// after; the text is what a plain array of scalars says, and every replica agrees.
    @Test func editsAtChunkEdgesInsideALongRunMatchAnArray() throws {
        var clock = OpClock(replica: ReplicaID("alice"))
        var doc = TextDocument()
        var model: [Unicode.Scalar] = []
        var ops: [TextOp] = []
        func insert(_ text: String, at position: Int) {
            ops.append(doc.insert(text, at: position, clock: &clock, now: 1))
            model.insert(contentsOf: text.unicodeScalars, at: position)
        }
        func delete(at position: Int, count: Int) {
            ops.append(doc.delete(at: position, count: count))
            model.removeSubrange(position..<position + count)
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars)
        insert(String(String.UnicodeScalarView((0..<300_000).map { letters[$0 % 26] })), at: 0)
        for edge in [1, 2, 63, 64, 65, 40, 17, 72].map({ $0 * chunk }) {
            insert("<\(edge)>", at: edge - 1)  // one before a chunk's edge: the run splits there
            delete(at: edge + 3, count: 2)  // across the next edge of the same split-off run
        }
        delete(at: chunk - 10, count: 3 * chunk)  // a deleted run over several chunks
        insert("é€😀", at: chunk - 10)  // inside that deleted stretch, before what follows it
        delete(at: 200_000, count: 1)
        for (offset, scalar) in "typed at the end".unicodeScalars.enumerated() {
            insert(String(scalar), at: model.count - offset)  // each before the last: splits every time
        }
        #expect(doc.text == String(String.UnicodeScalarView(model)))

        var reversed = TextDocument()
        for op in ops.reversed() { reversed.apply(try TextOp.decode(op.encoded())) }
        #expect(reversed.waitingOps.isEmpty)
        #expect(reversed == doc && reversed.text == doc.text)

        var merged = TextDocument()
        merged.apply(try TextOpBatch.decode(TextOpBatch(doc.ops(since: VersionVector())).encoded()))
        #expect(merged == doc && merged.text == doc.text)

        let loaded = try TextDocument.decode(doc.encoded())
        #expect(loaded == doc && loaded.text == doc.text)
        #expect(loaded.encoded() == doc.encoded())
    }

    /// Two replicas edit concurrently inside one long run that one of them deleted: the other's
    /// inserts name characters deep in the deleted run (found through the run's start chunks
    /// before), and both orders of merging give the same document.
    @Test func concurrentInsertsIntoALongDeletedRunConverge() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var base = TextDocument()
        let paste = base.insert(String(repeating: "x", count: 20 * chunk), at: 0, clock: &alice, now: 1)
        var left = base
        var right = base
        let cut = left.delete(at: 5, count: 20 * chunk - 10)
        var bobsOps: [TextOp] = []
        for position in [3 * chunk, 3 * chunk + 1, 11 * chunk - 1, 19 * chunk + 7] {
            bobsOps.append(right.insert("[\(position)]", at: position, clock: &bob, now: 1))
        }
        let bobsInserts = right.text.filter { $0 != "x" }
        left.apply(bobsOps)
        right.apply(cut)
        #expect(left == right && left.text == right.text)
        #expect(left.text == "xxxxx" + bobsInserts + "xxxxx")
        var fresh = TextDocument()
        fresh.apply(bobsOps.reversed() + [cut, paste])
        #expect(fresh == left && fresh.text == left.text)
    }

    /// A saved state whose runs give one character twice is refused, however the runs overlap:
    /// the same start, a later run starting inside an earlier one, an earlier run reaching into a
    /// later one; runs that only touch, in either order, load.
    @Test func aStateWithRunsThatShareCharactersIsRefused() throws {
        typealias Run = (counter: UInt64, text: String)
        let alice = ReplicaID("alice")
        let edge = UInt64(chunk)
        func state(_ runs: [Run]) -> [UInt8] {
            TextOpBatch(
                runs.map { .insert(id: OpID(alice, $0.counter), originLeft: nil, originRight: nil, text: $0.text) }
            ).encoded()
        }
        let overlapping: [[Run]] = [
            [(1, "abc"), (1, "xy")], [(1, "abc"), (3, "xy")], [(5, "ab"), (3, "xyz")],
            [(edge - 1, "abcd"), (edge + 2, "x")],
            [(70 * edge, "ab"), (1, String(repeating: "z", count: 70 * chunk))],
        ]
        for runs in overlapping {
            #expect(throws: CRDTDecodingError.self, "runs from \(runs.map(\.counter))") {
                try TextDocument.decode(state(runs))
            }
        }
        let touching: [[Run]] = [
            [(4, "de"), (1, "abc")], [(edge + 1, "b"), (1, String(repeating: "a", count: chunk))],
        ]
        for runs in touching {
            let loaded = try TextDocument.decode(state(runs))
            #expect(loaded.text == runs.map(\.text).joined())
        }
    }

    /// An insert whose origins lie in one run but not in order (the same character twice, or the
    /// right one before the left) is dropped, applied alone or in a batch: no replica could make
    /// it, and placing it would put a run before its own left origin, a state no replica loads.
    @Test(arguments: [(4, 4), (5, 3), (6, 1)])
    func anInsertWithOriginsOutOfOrderInOneRunIsDropped(left: UInt64, right: UInt64) throws {
        let alice = ReplicaID("alice")
        var clock = OpClock(replica: alice)
        var doc = TextDocument()
        let typed = doc.insert("abcdef", at: 0, clock: &clock, now: 1)
        let forged = TextOp.insert(
            id: OpID(ReplicaID("mallory"), 1), originLeft: OpID(alice, left), originRight: OpID(alice, right),
            text: "X")
        var alone = doc
        alone.apply(forged)
        var batched = TextDocument()
        batched.apply([typed, forged])
        for result in [alone, batched] {
            #expect(result.text == "abcdef")
            #expect(try TextDocument.decode(result.encoded()).text == "abcdef")
        }
    }

    /// Backspaces in a row move the start of the deleted run behind them back one counter at a
    /// time, across words of the start bits and across a chunk's edge, emptying words and a
    /// chunk as they go; characters in the deleted run are still found (a remote insert next to
    /// one goes in), and every other way of getting the document agrees.
    @Test func backspacesAcrossAChunkEdgeKeepTheDeletedRunFound() throws {
        var clock = OpClock(replica: ReplicaID("alice"))
        var doc = TextDocument()
        var ops: [TextOp] = []
        for offset in 0..<chunk + 200 { ops.append(doc.insert("a", at: offset, clock: &clock, now: 1)) }
        for _ in 0..<300 { ops.append(doc.delete(at: doc.count - 1, count: 1)) }  // counters 3997...4296
        #expect(doc.count == chunk - 100)
        var bob = OpClock(replica: ReplicaID("bob"))
        var other = TextDocument()
        other.apply(ops)
        let remote = other.insert("B", at: other.count, clock: &bob, now: 1)
        guard case .insert(_, let left, _, _) = remote else {
            Issue.record("not an insert: \(remote)")
            return
        }
        #expect(left == OpID(ReplicaID("alice"), UInt64(chunk) + 200), "its left origin is the last deleted one")
        let inside = TextOp.insert(
            id: OpID(ReplicaID("carol"), 1), originLeft: OpID(ReplicaID("alice"), UInt64(chunk) + 10),
            originRight: OpID(ReplicaID("alice"), UInt64(chunk) + 11), text: "C")
        for op in [remote, inside] { doc.apply(op) }
        #expect(doc.text == String(repeating: "a", count: chunk - 100) + "CB")
        var reversed = TextDocument()
        for op in (ops + [remote, inside]).reversed() { reversed.apply(op) }
        #expect(reversed.waitingOps.isEmpty && reversed == doc && reversed.text == doc.text)
        let loaded = try TextDocument.decode(doc.encoded())
        #expect(loaded == doc && loaded.text == doc.text)
    }

    /// An author whose runs lie at both ends of the counters (1...3 and up to 2^31 − 1, as only a
    /// forged state has): characters at either end are found, one in the gap between is not (a
    /// delete of it waits), and an insert after the last counter there is goes in.
    @Test func runsAtBothEndsOfTheCountersAreFoundAndTheGapIsNot() throws {
        let alice = ReplicaID("alice")
        let max = UInt64(Int32.max)
        let state = TextOpBatch([
            .insert(id: OpID(alice, 1), originLeft: nil, originRight: nil, text: "abc"),
            .insert(id: OpID(alice, max - 2), originLeft: OpID(alice, 3), originRight: nil, text: "xyz"),
        ]).encoded()
        var doc = try TextDocument.decode(state)
        #expect(doc.text == "abcxyz")
        var bob = OpClock(replica: ReplicaID("bob"))
        var writer = doc
        let afterLast = writer.insert("!", at: 6, clock: &bob, now: 1)
        let inGap = TextOp.delete(
            ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(alice, 1_000), count: 1)))
        let ends = TextOp.delete(
            ranges: TextOp.DeletedRanges([
                TextOp.DeletedRange(first: OpID(alice, 2), count: 1),
                TextOp.DeletedRange(first: OpID(alice, max), count: 1),
            ])!)
        for op in [afterLast, inGap, ends] { doc.apply(op) }
        #expect(doc.text == "acxy!")
        #expect(doc.waitingOps == [inGap])
        #expect(try TextDocument.decode(doc.encoded()) == doc)
    }

    /// A long run that arrives deleted (70 chunks: more than one word of the chunk bits) makes
    /// only the chunk where it starts: characters at its far end, in chunks never made, are still
    /// found (an insert next to one goes in) and a delete of them is applied.
    @Test func charactersAtTheFarEndOfALongDeletedRunAreFound() throws {
        let alice = ReplicaID("alice")
        var clock = OpClock(replica: alice)
        var doc = TextDocument()
        _ = doc.insert(String(repeating: "d", count: 70 * chunk), at: 0, clock: &clock, now: 1)
        _ = doc.delete(at: 0, count: 70 * chunk)
        var merged = TextDocument()
        merged.apply(try TextOpBatch.decode(TextOpBatch(doc.ops(since: VersionVector())).encoded()))
        let far = UInt64(70 * chunk - 1)
        let next = TextOp.insert(
            id: OpID(ReplicaID("bob"), 1), originLeft: OpID(alice, far), originRight: OpID(alice, far + 1), text: "B")
        let again = TextOp.delete(ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(alice, far), count: 2)))
        for op in [next, again] { merged.apply(op) }
        #expect(merged.text == "B" && merged.waitingOps.isEmpty)
    }
}
