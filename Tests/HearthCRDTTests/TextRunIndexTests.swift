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
}
