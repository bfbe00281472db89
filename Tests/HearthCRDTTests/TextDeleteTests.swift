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
        let ranges = TextOp.DeletedRanges([
            TextOp.DeletedRange(first: OpID(alice, 2), count: 1), TextOp.DeletedRange(first: OpID(alice, 6), count: 6),
        ])!
        #expect(missing == [.delete(ranges: ranges)])
        b.apply(try TextOpBatch.decode(TextOpBatch(missing).encoded()))
        #expect(b == a && b.text == "hllo")
        b.apply(missing)
        #expect(b == a && b.text == "hllo")
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
        v1Batch.write(byte: 1)  // counted delete: id counter 1 + 5, one range from 6 − 4, 2 long
        v1Batch.write(varint: 0)
        v1Batch.write(signed: 5)
        v1Batch.write(varint: 1)
        v1Batch.write(varint: 0)
        v1Batch.write(signed: -4)
        v1Batch.write(varint: 2)
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
        v1State.write(byte: 1)
        v1State.write(varint: 0)
        v1State.write(signed: 2)
        v1State.write(varint: 1)
        v1State.write(varint: 0)
        v1State.write(signed: -4)
        v1State.write(varint: 2)
        let loaded = try TextDocument.decode(v1State.bytes)
        #expect(loaded.text == "hlo" && loaded == fromBatch)
        #expect(loaded.encoded() == fromBatch.encoded() && loaded.encoded().first == 2, "saved again as version 2")

        var trailing = v1State
        trailing.write(byte: 0)
        #expect(throws: CRDTDecodingError.self, "trailing bytes after the ops") {
            _ = try TextDocument.decode(trailing.bytes)
        }
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
