import HearthCRDT
import Testing

/// The conflict rules of each type, on small hand-made cases.
@Suite struct SemanticsTests {
    var alice = OpClock(replica: ReplicaID("alice"))
    var bob = OpClock(replica: ReplicaID("bob"))

    @Test mutating func theLaterWriteWinsAndTiesGoToTheGreaterReplica() {
        var a = LWWRegister<String>()
        var b = LWWRegister<String>()
        let early = a.set("early", clock: &alice, now: 100)
        let late = b.set("late", clock: &bob, now: 200)
        a.apply(late)
        b.apply(early)
        #expect(a.value == "late" && b.value == "late")

        var tieA = LWWRegister<String>()
        var tieB = LWWRegister<String>()
        var carol = OpClock(replica: ReplicaID("carol"))
        var dave = OpClock(replica: ReplicaID("dave"))
        let fromCarol = tieA.set("carol", clock: &carol, now: 500)
        let fromDave = tieB.set("dave", clock: &dave, now: 500)
        tieA.apply(fromDave)
        tieB.apply(fromCarol)
        #expect(tieA.value == "dave" && tieB.value == "dave")
    }

    @Test mutating func aRemovedMapKeyStaysRemovedAgainstOlderWrites() {
        var map = LWWMap<String, String>()
        let old = LWWMap<String, String>.Op(
            key: "title", value: "old",
            stamp: WriteStamp(time: HLCTimestamp(rawValue: 1), op: OpID(ReplicaID("bob"), 1)))
        _ = map.set("title", to: "new", clock: &alice, now: 100)
        _ = map.set("title", to: nil, clock: &alice, now: 101)
        map.apply(old)
        #expect(map["title"] == nil)
        #expect(map.values.isEmpty)
    }

    @Test mutating func aConcurrentAddSurvivesARemove() {
        var a = ORSet<String>()
        var b = ORSet<String>()
        let first = a.insert("card", clock: &alice, now: 1)
        b.apply(first)
        let removal = a.remove("card", clock: &alice, now: 2)!
        let concurrentAdd = b.insert("card", clock: &bob, now: 2)
        a.apply(concurrentAdd)
        b.apply(removal)
        #expect(a.contains("card") && b.contains("card"))
        #expect(a == b)
        a.apply(first)  // a late duplicate of the removed add stays removed
        #expect(a == b)
    }

    @Test mutating func countersSumEveryReplicasTotal() {
        var a = PNCounter()
        var b = PNCounter()
        let ops = [a.add(5, clock: &alice, now: 1), a.add(-2, clock: &alice, now: 2)]
        let fromBob = b.add(10, clock: &bob, now: 1)
        b.apply(ops)
        b.apply(ops)
        a.apply(fromBob)
        #expect(a.value == 13 && b.value == 13)
    }
}

@Suite struct RecordMapTests {
    @Test func editsToDifferentFieldsOfOneRecordBothSurvive() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var a = RecordMap<String, String>()
        var b = RecordMap<String, String>()
        let title = a.set("card-1", "title", to: "Fix the spawn bug", clock: &alice, now: 10)
        let owner = b.set("card-1", "owner", to: "bob", clock: &bob, now: 11)
        let otherCard = b.set("card-2", "title", to: "Order pizza", clock: &bob, now: 12)
        a.apply([owner, otherCard])
        b.apply(title)
        #expect(a == b)
        #expect(a.fields(of: "card-1") == ["title": "Fix the spawn bug", "owner": "bob"])
        #expect(a["card-2", "title"] == "Order pizza")
        #expect(try RecordMap<String, String>.decode(a.encoded()) == a)
    }
}
