import HearthCRDT
import PropertyBased
import Testing

/// Text ops in batches: the compact encoding, catching up from a version, and deleted text that
/// travels without its content.
@Suite struct TextOpBatchTests {
    /// Two replicas editing at once, then each taking in the other's ops; returns one replica and
    /// every op made.
    func session(seed: UInt64, edits: Int = 60) -> (TextDocument, [TextOp]) {
        var random = SplitMix(seed: seed)
        var clocks = [OpClock(replica: ReplicaID("alice")), OpClock(replica: ReplicaID("bob-ü"))]
        var docs = [TextDocument(), TextDocument()]
        var opsOf: [[TextOp]] = [[], []]
        for _ in 0..<edits {
            let who = Int.random(in: 0...1, using: &random)
            let count = docs[who].count
            let position = Int.random(in: 0...count, using: &random)
            let deleteCount = position < count ? Int.random(in: 0...min(3, count - position), using: &random) : 0
            let text = ["", "a", "xyz", "😀é", "hello "].randomElement(using: &random)!
            opsOf[who] += docs[who].edit(
                at: position, deleteCount: deleteCount, insert: text, clock: &clocks[who], now: 1)
        }
        docs[0].apply(opsOf[1])
        return (docs[0], opsOf[0] + opsOf[1])
    }

    /// Large enough (over 64 ops) that the batch is applied with the runs as a list, and where
    /// the replicas' inserts meet, the tree comes back for FugueMax's comparisons.
    @Test func aBatchRoundTripsAndAppliesLikeItsOps() async {
        await propertyCheck(count: 40, input: Gen<UInt64>.value(in: 0...UInt64.max)) { seed in
            let (document, ops) = session(seed: seed, edits: 150)
            let batch = TextOpBatch(ops)
            let decoded = try TextOpBatch.decode(batch.encoded())
            #expect(decoded.ops == ops)
            var oneByOne = TextDocument()
            for op in ops { oneByOne.apply(op) }
            var together = TextDocument()
            together.apply(decoded)
            #expect(together == oneByOne && together == document)
            #expect(together.encoded() == document.encoded())
            #expect(together.text == document.text)
        }
    }

    @Test func opsBeforeTheirOriginsWaitAndStillConverge() async {
        await propertyCheck(count: 30, input: Gen<UInt64>.value(in: 0...UInt64.max)) { seed in
            let (document, ops) = session(seed: seed)
            var backwards = TextDocument()
            backwards.apply(TextOpBatch(ops.reversed()))
            #expect(backwards == document && backwards.text == document.text)
        }
    }

    @Test func catchingUpFromAVersionSendsOnlyWhatIsMissing() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var a = TextDocument()
        var sent: [TextOp] = []
        for word in ["one ", "two ", "three ", "four"] {
            sent.append(a.insert(word, at: a.count, clock: &alice, now: 1))
        }
        var b = TextDocument()
        b.apply(Array(sent.prefix(2)))
        var seen = VersionVector<ReplicaID>()
        seen.advance(ReplicaID("alice"), to: UInt64("one two ".unicodeScalars.count))
        let missing = a.ops(since: seen)
        #expect(missing.count == 1, "the two later words are one run")
        guard case .insert(_, _, _, let text) = missing.first else {
            Issue.record("expected an insert")
            return
        }
        #expect(text == "three four")
        b.apply(missing)
        #expect(b == a && b.text == "one two three four")
    }

    @Test func deletedTextTravelsWithoutItsContent() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var a = TextDocument()
        let typed = a.insert("secret plan: none", at: 0, clock: &alice, now: 1)
        _ = a.delete(at: 0, count: 13)
        let history = a.ops(since: VersionVector())
        #expect(history.contains { if case .insertDeleted(_, _, _, 13) = $0 { true } else { false } })
        let bytes = TextOpBatch(history).encoded()
        #expect(!String(decoding: bytes, as: UTF8.self).contains("secret"), "deleted text is not sent")
        #expect(!String(decoding: a.encoded(), as: UTF8.self).contains("secret"), "nor saved")
        var b = TextDocument()
        b.apply(try TextOpBatch.decode(bytes))
        #expect(b == a && b.text == "none")
        b.apply(typed)
        #expect(b == a && b.text == "none", "the original insert arriving later changes nothing")
        #expect(b.position(of: OpID(ReplicaID("alice"), 3)) == 0, "anchors in deleted text still resolve")
    }

    @Test func everyTruncationOfABatchThrows() {
        let (_, ops) = session(seed: 7, edits: 12)
        let bytes = TextOpBatch(ops).encoded()
        for length in 0..<bytes.count {
            #expect(throws: CRDTDecodingError.self) { _ = try TextOpBatch.decode(Array(bytes.prefix(length))) }
        }
        let state = TextOpBatch(ops).encoded()
        #expect(throws: CRDTDecodingError.self) { _ = try TextDocument.decode(Array(state.dropLast())) }
    }

    /// Placing puts every character between its origins, so a saved state whose run has its left
    /// origin later in the text (or its right origin earlier) was not made by placing: refused.
    @Test func aStateWithOriginsOnTheWrongSideIsRefused() throws {
        let alice = ReplicaID("alice")
        func run(_ counter: UInt64, _ text: String, left: UInt64?, right: UInt64?) -> TextOp {
            .insert(
                id: OpID(alice, counter), originLeft: left.map { OpID(alice, $0) },
                originRight: right.map { OpID(alice, $0) }, text: text)
        }
        let honest = [
            run(1, "x", left: nil, right: nil), run(2, "y", left: 1, right: 3), run(3, "z", left: nil, right: nil),
        ]
        #expect(try TextDocument.decode(TextOpBatch(honest).encoded()).text == "xyz")
        let leftAfter = [
            run(1, "x", left: nil, right: nil), run(2, "y", left: 3, right: nil), run(3, "z", left: nil, right: nil),
        ]
        #expect(throws: CRDTDecodingError.self) { _ = try TextDocument.decode(TextOpBatch(leftAfter).encoded()) }
        let rightBefore = [run(1, "x", left: nil, right: nil), run(2, "y", left: nil, right: 1)]
        #expect(throws: CRDTDecodingError.self) { _ = try TextDocument.decode(TextOpBatch(rightBefore).encoded()) }
    }

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 500, input: Gen<UInt8>.value(in: 0...255).array(of: 0...80)) { bytes in
            if let batch = try? TextOpBatch.decode(bytes) {
                var document = TextDocument()
                document.apply(batch)
                _ = document.text
            }
            _ = try? TextDocument.decode(bytes)
        }
    }
}

/// Deleted runs cost memory but no bytes on the wire, so they travel in bounded pieces.
@Suite struct DeletedRunTests {
    @Test func aLongDeletedRunTravelsInPiecesAndComesBackWhole() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var a = TextDocument()
        let length = TextOp.maxDeletedRun * 2 + 10
        _ = a.insert(String(repeating: "z", count: length) + "kept", at: 0, clock: &alice, now: 1)
        _ = a.delete(at: 0, count: length)
        let pieces = a.ops(since: VersionVector()).compactMap { op -> Int? in
            if case .insertDeleted(_, _, _, let count) = op { count } else { nil }
        }
        #expect(pieces == [TextOp.maxDeletedRun, TextOp.maxDeletedRun, 10])
        var b = TextDocument()
        b.apply(try TextOpBatch.decode(TextOpBatch(a.ops(since: VersionVector())).encoded()))
        #expect(b == a && b.text == "kept")
        #expect(try TextDocument.decode(a.encoded()) == a)
    }

    @Test func aDeletedRunAboveTheLimitIsRefused() {
        let op = TextOp.insertDeleted(
            id: OpID(ReplicaID("mallory"), 1), originLeft: nil, originRight: nil, count: TextOp.maxDeletedRun + 1)
        #expect(throws: CRDTDecodingError.self) { _ = try TextOp.decode(op.encoded()) }
        #expect(throws: CRDTDecodingError.self) { _ = try TextOpBatch.decode(TextOpBatch([op]).encoded()) }
        var document = TextDocument()
        document.apply(op)
        document.apply([op])
        #expect(document.count == 0 && document.ops(since: VersionVector()).isEmpty, "dropped, not placed")
    }
}
