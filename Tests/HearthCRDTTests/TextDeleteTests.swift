import HearthCRDT
import Testing

/// Text deletes take no ids: typing after a delete continues the same counters, a catch-up
/// re-sends the deletes of what the other replica has, and the counted deletes that older
/// documents hold are still read and applied.
@Suite struct TextDeleteTests {
    let alice = ReplicaID("alice")

    /// A word typed, deleted and typed again, as an undo and redo storm makes, continues one run
    /// of ids: the history is two runs (the deleted characters and the kept ones), the second
    /// written as a continuation of the first.
    @Test func retypedTextContinuesTheCountersOfTheDeletedText() throws {
        var clock = OpClock(replica: alice)
        var doc = TextDocument()
        var ops: [TextOp] = []
        for round in 0..<3 {
            for (offset, scalar) in "hello".unicodeScalars.enumerated() {
                ops.append(doc.insert(String(scalar), at: offset, clock: &clock, now: 1))
            }
            if round < 2 { ops.append(doc.delete(at: 0, count: 5)) }
        }
        #expect(doc.text == "hello")
        #expect(clock.counter == 15, "the two deletes took no counters")
        let history = doc.ops(since: VersionVector())
        #expect(
            history == [
                .insertDeleted(id: OpID(alice, 1), originLeft: nil, originRight: nil, count: 10),
                .insert(id: OpID(alice, 11), originLeft: OpID(alice, 10), originRight: nil, text: "hello"),
            ])
        let batch = TextOpBatch(history).encoded()
        let firstRunOnly = TextOpBatch(Array(history.prefix(1))).encoded()
        #expect(batch.count - firstRunOnly.count == 2 + "hello".utf8.count, "a tag and a count, and the text")
        var other = TextDocument()
        for op in ops { other.apply(try TextOp.decode(op.encoded())) }
        #expect(other == doc && other.text == "hello")
        var merged = TextDocument()
        merged.apply(try TextOpBatch.decode(batch))
        #expect(merged == doc && merged.encoded() == doc.encoded())
    }

    /// A replica that has every character gets, as its catch-up, one delete of every deleted
    /// one (a delete has no id, so a version cannot say it was seen); taking it twice changes
    /// nothing.
    @Test func aCatchUpDeletesWhatTheOtherReplicaHas() throws {
        var clock = OpClock(replica: alice)
        var a = TextDocument()
        let typed = a.insert("hello world", at: 0, clock: &clock, now: 1)
        var b = TextDocument()
        b.apply(typed)
        _ = a.delete(at: 5, count: 6)
        _ = a.delete(at: 1, count: 1)
        var seen = VersionVector<ReplicaID>()
        seen.advance(alice, to: clock.counter)
        let missing = a.ops(since: seen)
        func delete(_ first: UInt64, _ count: Int) -> TextOp {
            .delete(ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(alice, first), count: count)))
        }
        #expect(missing == [delete(2, 1), delete(6, 6)], "one delete per deleted run")
        b.apply(try TextOpBatch.decode(TextOpBatch(missing).encoded()))
        #expect(b == a && b.text == "hllo")
        b.apply(missing)
        #expect(b == a && b.text == "hllo")
    }

    /// A catch-up for a replica that has only part of a deleted run: the rest comes as deleted
    /// characters, and the part it has as a delete.
    @Test func aCatchUpSplitsADeletedRunAtTheVersion() throws {
        var clock = OpClock(replica: alice)
        var a = TextDocument()
        let first = a.insert("abc", at: 0, clock: &clock, now: 1)
        _ = a.insert("def", at: 3, clock: &clock, now: 1)
        _ = a.delete(at: 1, count: 4)
        var b = TextDocument()
        b.apply(first)
        var seen = VersionVector<ReplicaID>()
        seen.advance(alice, to: 3)
        let missing = a.ops(since: seen)
        #expect(
            missing == [
                .insertDeleted(id: OpID(alice, 4), originLeft: OpID(alice, 3), originRight: nil, count: 2),
                .insert(id: OpID(alice, 6), originLeft: OpID(alice, 5), originRight: nil, text: "f"),
                .delete(ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(alice, 2), count: 2))),
            ])
        b.apply(try TextOpBatch.decode(TextOpBatch(missing).encoded()))
        #expect(b == a && b.text == "af")
    }

    /// A delete whose range names a character that has not arrived (a range no honest replica
    /// makes: the character was placed elsewhere, after another replica's) waits for it, so
    /// every order of arrival deletes the same characters.
    @Test func aDeleteWaitsForEveryCharacterOfItsRanges() throws {
        var carol = OpClock(replica: ReplicaID("carol"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var clock = OpClock(replica: alice)
        var doc = TextDocument()
        let d = doc.insert("D", at: 0, clock: &bob, now: 1)
        let a1 = doc.insert("1", at: 1, clock: &clock, now: 1)
        let c = doc.insert("C", at: 2, clock: &carol, now: 1)
        let a2 = doc.insert("2", at: 3, clock: &clock, now: 1)
        let a3 = doc.insert("3", at: 0, clock: &clock, now: 1)
        #expect(doc.text == "3D1C2")
        let delete = TextOp.delete(ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(alice, 1), count: 3)))
        var inOrder = TextDocument()
        for op in [c, d, a1, a2, a3, delete] { inOrder.apply(op) }
        var late = TextDocument()
        for op in [d, a1, a3, a2, delete] { late.apply(op) }
        #expect(late.text == "3D1", "the delete waits for 2, which waits for C")
        late.apply(c)
        #expect(late == inOrder && late.text == "DC" && inOrder.text == "DC")
    }

    /// A delete waits for the characters it names, and goes in when they arrive.
    @Test func aDeleteBeforeItsCharactersWaitsForThem() throws {
        var clock = OpClock(replica: alice)
        var a = TextDocument()
        let typed = a.insert("abc", at: 0, clock: &clock, now: 1)
        let delete = a.delete(at: 1, count: 1)
        var b = TextDocument()
        b.apply(delete)
        #expect(b.text.isEmpty && b.waitingOps == [delete])
        b.apply(typed)
        #expect(b == a && b.text == "ac" && b.waitingOps.isEmpty)
    }

    /// A batch and a state as nodes wrote them before deletes lost their ids (version 1, with
    /// counted deletes): read, applied, and written again in the current form.
    @Test func versionOneBatchesAndStatesWithCountedDeletesStillLoad() throws {
        // Version 1: alice inserts "hello" (1–5), then her delete 6 removes "el" (2–3).
        var v1Batch = BinaryWriter()
        v1Batch.write(varint: 1)
        [alice].encode(to: &v1Batch)
        v1Batch.write(bytes: Array("hello".utf8))
        v1Batch.write(varint: 2)
        v1Batch.write(byte: 0)  // insert: replica 0, counter 0 + 1, no origins, 5 scalars
        v1Batch.write(varint: 0)
        v1Batch.write(signed: 1)
        v1Batch.write(varint: 0)
        v1Batch.write(varint: 0)
        v1Batch.write(varint: 5)
        writeCountedDelete(idDelta: 5, to: &v1Batch)  // its id: counter 1 + 5
        let batch = try TextOpBatch.decode(v1Batch.bytes)
        #expect(
            batch.ops.last
                == .countedDelete(
                    id: OpID(alice, 6),
                    ranges: TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(alice, 2), count: 2))))
        var fromBatch = TextDocument()
        fromBatch.apply(batch)
        #expect(fromBatch.text == "hlo")
        #expect(try TextOpBatch.decode(batch.encoded()) == batch, "a counted delete survives re-encoding")

        // Version 1 state of the same text: its three runs in document order, then the delete.
        var v1State = BinaryWriter()
        v1State.write(varint: 1)
        [alice].encode(to: &v1State)
        v1State.write(bytes: Array("hlo".utf8))
        v1State.write(varint: 4)
        for (tag, delta, left, count) in [(0, 1, nil, 1), (2, 1, -1, 2), (0, 2, -1, 2)] as [(UInt8, Int64, Int64?, Int)]
        {
            v1State.write(byte: tag)
            v1State.write(varint: 0)
            v1State.write(signed: delta)
            if let left {
                v1State.write(varint: 1)
                v1State.write(signed: left)
            } else {
                v1State.write(varint: 0)
            }
            v1State.write(varint: 0)
            v1State.write(varint: UInt64(count))
        }
        writeCountedDelete(idDelta: 2, to: &v1State)  // its id: counter 4 + 2
        let loaded = try TextDocument.decode(v1State.bytes)
        #expect(loaded.text == "hlo" && loaded == fromBatch)
        #expect(loaded.encoded() == fromBatch.encoded() && loaded.encoded().first == 2, "saved again as version 2")

        var v2WithDelete = BinaryWriter()
        v2WithDelete.write(varint: 2)
        [alice].encode(to: &v2WithDelete)
        v2WithDelete.write(bytes: Array("h".utf8))
        for value: UInt64 in [2, 0, 0, 2, 0, 0, 1, 3, 1, 0, 2, 1] { v2WithDelete.write(varint: value) }
        #expect(throws: CRDTDecodingError.self, "a version 2 state lists no deletes") {
            _ = try TextDocument.decode(v2WithDelete.bytes)
        }

        var trailing = v1State
        trailing.write(byte: 0)
        #expect(throws: CRDTDecodingError.self, "trailing bytes after the ops") {
            _ = try TextDocument.decode(trailing.bytes)
        }
    }

    /// Writes alice's counted delete 6 of "el" (counters 2–3) in a version-1 batch: its id
    /// `idDelta` after the op before, one range from 6 − 4, 2 long.
    private func writeCountedDelete(idDelta: Int64, to writer: inout BinaryWriter) {
        writer.write(byte: 1)
        writer.write(varint: 0)
        writer.write(signed: idDelta)
        writer.write(varint: 1)
        writer.write(varint: 0)
        writer.write(signed: -4)
        writer.write(varint: 2)
    }

    /// Forms that only the current version has are refused in version 1, and a continued insert
    /// must follow an insert.
    @Test func malformedContinuationsAndVersionsAreRefused() {
        func batch(version: UInt64, text: String, _ ops: [UInt64]) -> [UInt8] {
            var writer = BinaryWriter()
            writer.write(varint: version)
            [alice].encode(to: &writer)
            writer.write(bytes: Array(text.utf8))
            for value in ops { writer.write(varint: value) }
            return writer.bytes
        }
        // One continued insert of one scalar, with nothing before it.
        #expect(throws: CRDTDecodingError.self) { _ = try TextOpBatch.decode(batch(version: 2, text: "a", [1, 4, 1])) }
        // A delete without an id is not part of version 1.
        #expect(throws: CRDTDecodingError.self) {
            _ = try TextOpBatch.decode(batch(version: 1, text: "", [1, 3, 1, 0, 2, 1]))
        }
        #expect(throws: CRDTDecodingError.self) { _ = try TextOpBatch.decode(batch(version: 3, text: "", [0])) }
        // The same delete in version 2 decodes: alice's character 1.
        #expect((try? TextOpBatch.decode(batch(version: 2, text: "", [1, 3, 1, 0, 2, 1])))?.ops.count == 1)
    }
}
