import HearthCRDT
import PropertyBased
import Testing

/// The list with move: concurrent moves never duplicate or lose an element.
@Suite struct MovableListTests {
    typealias Board = MovableList<String>

    func board(_ cards: [String], clock: inout OpClock) -> (Board, [Board.Op]) {
        var board = Board()
        let ops = cards.enumerated().map { board.insert($1, at: $0, clock: &clock, now: 1) }
        return (board, ops)
    }

    @Test func movesPutAnElementWhereTheUserDroppedIt() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var (list, _) = board(["a", "b", "c", "d"], clock: &alice)
        _ = list.move(from: 0, to: 2, clock: &alice, now: 2)
        #expect(list.values == ["b", "c", "a", "d"])
        _ = list.move(from: 3, to: 0, clock: &alice, now: 3)
        #expect(list.values == ["d", "b", "c", "a"])
    }

    @Test func concurrentMovesOfOneElementKeepItOnce() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var (a, ops) = board(["a", "b", "c", "d"], clock: &alice)
        var b = Board()
        b.apply(ops)
        let aliceMove = a.move(from: 0, to: 3, clock: &alice, now: 5)
        let bobMove = b.move(from: 0, to: 1, clock: &bob, now: 6)
        a.apply(bobMove)
        b.apply(aliceMove)
        #expect(a == b)
        #expect(a.values.sorted() == ["a", "b", "c", "d"])
        #expect(a.values == ["b", "a", "c", "d"], "the later move wins")
    }

    @Test func aDeleteWinsOverAConcurrentMove() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var (a, ops) = board(["a", "b", "c"], clock: &alice)
        var b = Board()
        b.apply(ops)
        let deletion = a.remove(at: 1, clock: &alice, now: 5)
        let move = b.move(from: 1, to: 0, clock: &bob, now: 9)
        a.apply(move)
        b.apply(deletion)
        #expect(a == b)
        #expect(a.values == ["a", "c"])
    }

    @Test func randomInsertsMovesAndDeletesConverge() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value(in: 0...UInt64.max)) { seed in
            var random = SplitMix(seed: seed)
            var simulator = ConvergenceSimulator(
                replicas: Int.random(in: 3...5, using: &random), empty: Board(), seed: seed)
            simulator.run(steps: 150) { list, clock, random, now in
                let count = list.values.count
                switch Int.random(in: 0..<6, using: &random) {
                case 0..<2 where count > 1:
                    return list.move(
                        from: Int.random(in: 0..<count, using: &random), to: Int.random(in: 0..<count, using: &random),
                        clock: &clock, now: now)
                case 2 where count > 0:
                    return list.remove(at: Int.random(in: 0..<count, using: &random), clock: &clock, now: now)
                default:
                    return list.insert(
                        "\(clock.replica)-\(clock.counter)", at: Int.random(in: 0...count, using: &random),
                        clock: &clock, now: now)
                }
            }
            let final = simulator.finish()
            for replica in final.dropFirst() { #expect(replica.values == final[0].values) }
            let values = final[0].values
            #expect(Set(values).count == values.count, "no element appears twice")
            let decoded = try Board.decode(final[0].encoded())
            #expect(decoded == final[0])
        }
    }
}

/// Moves and lookups by id on a longer list, and ops delivered in the worst order.
@Suite struct MovableListOrderTests {
    @Test func opsInReverseOrderWaitForWhatTheyNeedAndConverge() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var list = MovableList<String>()
        var ops = (0..<20).map { list.insert("card \($0)", at: $0, clock: &alice, now: 1) }
        var random = SplitMix(seed: 42)
        for step in 0..<200 {
            ops.append(
                list.move(
                    from: Int.random(in: 0..<20, using: &random), to: Int.random(in: 0..<20, using: &random),
                    clock: &alice, now: UInt64(2 + step)))
        }
        ops.append(list.remove(at: 5, clock: &alice, now: 500))
        var backwards = MovableList<String>()
        backwards.apply(Array(ops.reversed()))
        #expect(backwards == list && backwards.values == list.values)
        #expect(list.values.count == 19 && Set(list.values).count == 19)
        for (index, element) in list.elements.enumerated() {
            #expect(list.index(of: element.id) == index)
            #expect(list.id(at: index) == element.id)
        }
    }
}
