import HearthCRDT
import PropertyBased
import Testing

/// The text CRDT: non-interleaving, reported edits, anchors, and a differential check against
/// the array-backed Fugue list under random concurrent editing.
@Suite struct TextDocumentTests {
    /// Backspaces in a row fold each deleted character into the deleted run after it (no new run
    /// per backspace): the document must be exactly what the same ops make on another replica,
    /// and what its saved state loads back to.
    @Test func backspacesInARowLeaveTheSameDocumentAsTheirOps() throws {
        var clock = OpClock(replica: ReplicaID("alice"))
        var doc = TextDocument()
        var ops = typeForwards("hello world", at: 0, into: &doc, clock: &clock)
        for _ in 0..<5 { ops.append(doc.delete(at: doc.count - 1, count: 1)) }
        ops += typeForwards("there", at: doc.count, into: &doc, clock: &clock)
        for _ in 0..<3 { ops.append(doc.delete(at: doc.count - 1, count: 1)) }
        ops.append(doc.delete(at: 2, count: 1))
        #expect(doc.text == "helo th")
        var other = TextDocument()
        other.apply(ops)
        #expect(other == doc && other.text == doc.text)
        #expect(other.encoded() == doc.encoded())
        #expect(try TextDocument.decode(doc.encoded()) == doc)
        var fresh = TextDocument()
        fresh.apply(doc.ops(since: VersionVector()))
        #expect(fresh == doc)
    }

    /// A delete over text from two replicas names one range per run, in order; the op travels
    /// (encoded, decoded) and deletes the same characters elsewhere.
    @Test func aDeleteAcrossRunsNamesEachRangeAndTravels() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var doc = TextDocument()
        var ops = [doc.insert("abcd", at: 0, clock: &alice, now: 1)]
        ops.append(doc.insert("XY", at: 2, clock: &bob, now: 1))
        #expect(doc.text == "abXYcd")
        let delete = doc.delete(at: 1, count: 4)
        #expect(doc.text == "ad")
        guard case .delete(let ranges) = delete else {
            Issue.record("not a delete: \(delete)")
            return
        }
        #expect(
            ranges.map(\.first) == [
                OpID(ReplicaID("alice"), 2), OpID(ReplicaID("bob"), 1), OpID(ReplicaID("alice"), 3),
            ])
        #expect(ranges.map(\.count) == [1, 2, 1])
        #expect(TextOp.DeletedRanges([TextOp.DeletedRange]()) == nil, "a delete names at least one range")
        var other = TextDocument()
        other.apply(ops)
        other.apply(try TextOp.decode(delete.encoded()))
        #expect(other.text == "ad" && other == doc)
    }

    /// Ops waiting for characters of a long insert go in when it arrives, whether fewer of them
    /// wait than it brings characters (the waiting ones are looked through) or as many (each new
    /// character is looked up).
    @Test(arguments: [3, 100]) func waitingOpsGoInWhenALongInsertArrives(replies: Int) {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var doc = TextDocument()
        let long = doc.insert(String(repeating: "a", count: 100), at: 0, clock: &alice, now: 1)
        let answers = (0..<replies).map { index in
            // After a's number index × 100 / replies + 1, counting the b's already in.
            doc.insert("b", at: index * 100 / replies + index + 1, clock: &bob, now: 1)
        }
        // And carol's reply to a later insert of alice's, which must go on waiting.
        var carol = OpClock(replica: ReplicaID("carol"))
        let later = doc.insert("z", at: doc.count, clock: &alice, now: 1)
        let toLater = doc.insert("c", at: doc.count, clock: &carol, now: 1)
        var late = TextDocument()
        for op in answers + [toLater] { late.apply(op) }
        #expect(late.text.isEmpty && late.waitingOps.count == replies + 1)
        late.apply(long)
        #expect(late.waitingOps == [toLater], "only the ops waiting for the long insert's characters go in")
        late.apply(later)
        #expect(late == doc && late.text == doc.text && late.waitingOps.isEmpty)
    }

    /// A local insert of scalars one to four bytes long in UTF-8 (counted and read on the
    /// string's UTF-8) gives the same text and ops as they make elsewhere.
    @Test func insertsOfEveryUTF8WidthRoundTrip() throws {
        var clock = OpClock(replica: ReplicaID("alice"))
        var doc = TextDocument()
        let text = "a é € 日本 😀 z"
        let ops = [doc.insert(text, at: 0, clock: &clock, now: 1), doc.insert("ß🎉", at: 2, clock: &clock, now: 1)]
        #expect(doc.text == "a ß🎉é € 日本 😀 z" && doc.count == 14)
        #expect(clock.counter == UInt64(doc.count))
        var other = TextDocument()
        for op in ops { other.apply(try TextOp.decode(op.encoded())) }
        #expect(other == doc && other.text == doc.text)
    }

    /// The text is written in one pass into room for one byte per scalar plus the extra bytes of
    /// every scalar ever stored, or counted first when much wide text was deleted and that room
    /// would be far more than needed: both give the exact text, of every width. With nothing
    /// deleted the room is exact, so a scalar stored without its extra bytes counted overflows it.
    @Test(arguments: [0, 1, 400]) func textIsExactWhetherWrittenInOnePassOrCountedFirst(deletedEmoji: Int) throws {
        var clock = OpClock(replica: ReplicaID("alice"))
        var doc = TextDocument()
        _ = doc.insert("kept é€😀 " + String(repeating: "😀", count: deletedEmoji) + "日本", at: 0, clock: &clock, now: 1)
        if deletedEmoji > 0 { _ = doc.delete(at: 9, count: deletedEmoji) }
        _ = doc.insert("ß", at: 4, clock: &clock, now: 1)
        #expect(doc.text == "keptß é€😀 日本")
        #expect(try TextDocument.decode(doc.encoded()).text == "keptß é€😀 日本")
    }

    func typeForwards(_ text: String, at index: Int, into doc: inout TextDocument, clock: inout OpClock) -> [TextOp] {
        text.unicodeScalars.enumerated().map { offset, scalar in
            doc.insert(String(scalar), at: index + offset, clock: &clock, now: 1)
        }
    }

    func typeBackwards(_ text: String, at index: Int, into doc: inout TextDocument, clock: inout OpClock) -> [TextOp] {
        text.unicodeScalars.reversed().map { doc.insert(String($0), at: index, clock: &clock, now: 1) }
    }

    func mergeBothWays(_ base: TextDocument, _ a: [TextOp], _ b: [TextOp]) -> (String, String) {
        var one = base
        var two = base
        for op in a + b { one.apply(op) }
        for op in b + a { two.apply(op) }
        return (one.text, two.text)
    }

    @Test(arguments: [true, false])
    func concurrentRunsDoNotInterleave(backwards: Bool) {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var base = TextDocument()
        _ = base.insert("[]", at: 0, clock: &alice, now: 1)
        var a = base
        var b = base
        let type = backwards ? typeBackwards : typeForwards
        let fromAlice = type("abc", 1, &a, &alice)
        let fromBob = type("xyz", 1, &b, &bob)
        #expect(a.text == "[abc]" && b.text == "[xyz]")
        let (one, two) = mergeBothWays(base, fromAlice, fromBob)
        #expect(one == two)
        #expect(["[abcxyz]", "[xyzabc]"].contains(one), "\(one)")
    }

    @Test func copiesAreIndependentValues() {
        var clock = OpClock(replica: ReplicaID("alice"))
        var original = TextDocument()
        _ = original.insert("hello", at: 0, clock: &clock, now: 1)
        var copy = original
        _ = copy.insert(" world", at: 5, clock: &clock, now: 2)
        #expect(original.text == "hello")
        #expect(copy.text == "hello world")
    }

    @Test func remoteOpsReportTheirEditsAndAnchorsFollowText() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var a = TextDocument()
        let base = a.insert("hello world", at: 0, clock: &alice, now: 1)
        var b = TextDocument()
        b.apply(base)
        let cursor = a.anchor(at: 6)  // before "world"
        let remote = b.edit(at: 0, deleteCount: 6, insert: "goodbye, ", clock: &bob, now: 2)
        var mirror = Array(a.text.unicodeScalars)
        for op in remote {
            for edit in a.applyReporting(op) {
                switch edit {
                case .insert(let position, let text): mirror.insert(contentsOf: text.unicodeScalars, at: position)
                case .delete(let position, let count): mirror.removeSubrange(position..<position + count)
                }
            }
        }
        #expect(a.text == "goodbye, world")
        #expect(String(String.UnicodeScalarView(mirror)) == a.text, "the reported edits replay the change")
        #expect(a.position(of: cursor) == 9)
        #expect(a.position(of: nil) == a.count)
    }

    @Test func matchesTheReferenceListUnderRandomConcurrentEditing() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value(in: 0...UInt64.max)) { seed in
            var random = SplitMix(seed: seed)
            var simulator = ConvergenceSimulator(
                replicas: Int.random(in: 3...5, using: &random), empty: TextAndReference(), seed: seed)
            simulator.run(steps: 200) { pair, clock, random, now in
                pair.randomEdit(clock: &clock, random: &random, now: now)
            }
            let final = simulator.finish()
            for replica in final {
                #expect(replica.text.text == replica.reference.values.joined(), "same order as the reference")
                #expect(replica.text == final[0].text)
                #expect(replica.text.encoded() == final[0].text.encoded())
            }
            let decoded = try TextDocument.decode(final[0].text.encoded())
            #expect(decoded == final[0].text && decoded.text == final[0].text.text)
            var rebuilt = TextDocument()
            rebuilt.apply(final[0].text.ops(since: VersionVector()))
            #expect(rebuilt.text == final[0].text.text)
        }
    }
}

/// A text document and the reference Fugue list driven by the same edits, for differential tests.
struct TextAndReference: ReplicatedType {
    struct Op: BinaryCodable, Equatable, Sendable {
        var text: [TextOp]
        var reference: [FugueList<String>.Op]

        func encode(to writer: inout BinaryWriter) {
            text.encode(to: &writer)
            reference.encode(to: &writer)
        }

        init(text: [TextOp], reference: [FugueList<String>.Op]) {
            self.text = text
            self.reference = reference
        }

        init(from reader: inout BinaryReader) throws {
            text = try [TextOp](from: &reader)
            reference = try [FugueList<String>.Op](from: &reader)
        }
    }

    var text = TextDocument()
    var reference = FugueList<String>()
    /// The reference list's own clock (its ids need not match the document's).
    var referenceClock: OpClock?

    init() {}

    mutating func randomEdit(clock: inout OpClock, random: inout SplitMix, now: UInt64) -> Op {
        var referenceClock = self.referenceClock ?? OpClock(replica: clock.replica)
        defer { self.referenceClock = referenceClock }
        let count = min(text.count, reference.count)  // equal unless a test is about to fail
        if count > 0, Int.random(in: 0..<3, using: &random) == 0 {
            let position = Int.random(in: 0..<count, using: &random)
            let length = Int.random(in: 1...min(4, count - position), using: &random)
            let op = text.delete(at: position, count: length)
            var removals: [FugueList<String>.Op] = []
            for _ in 0..<length { removals.append(reference.remove(at: position, clock: &referenceClock, now: now)) }
            return Op(text: [op], reference: removals)
        }
        let position = Int.random(in: 0...count, using: &random)
        let letters = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            String(UnicodeScalar(UInt8.random(in: 97...122, using: &random)))
        }
        let op = text.insert(letters.joined(), at: position, clock: &clock, now: now)
        var inserts: [FugueList<String>.Op] = []
        for (offset, letter) in letters.enumerated() {
            inserts.append(reference.insert(letter, at: position + offset, clock: &referenceClock, now: now))
        }
        return Op(text: [op], reference: inserts)
    }

    mutating func apply(_ op: Op) {
        for edit in op.text { text.apply(edit) }
        reference.apply(op.reference)
    }

    func ops(since vector: VersionVector<ReplicaID>) -> [Op] { [] }

    static func == (lhs: TextAndReference, rhs: TextAndReference) -> Bool {
        lhs.text == rhs.text && lhs.reference == rhs.reference
    }

    func encode(to writer: inout BinaryWriter) {
        text.encode(to: &writer)
        reference.encode(to: &writer)
    }

    init(from reader: inout BinaryReader) throws {
        text = try TextDocument(from: &reader)
        reference = try FugueList(from: &reader)
    }
}
