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
            var rebuilt = Board()
            rebuilt.apply(final[0].ops(since: VersionVector()))
            #expect(rebuilt == final[0] && rebuilt.values == values, "ops(since: empty) rebuild the list")
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

/// What a replica sends another, and ops no honest replica makes.
@Suite struct MovableListExchangeTests {
    typealias Board = MovableList<String>

    @Test func opsSinceAVectorAreExactlyTheMissingOnesInIDOrder() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var a = Board()
        let start = (0..<6).map { a.insert("card \($0)", at: $0, clock: &alice, now: 1) }
        var b = Board()
        b.apply(start)
        let seen = VersionVector([ReplicaID("alice"): alice.counter])
        var later: [Board.Op] = []
        for step in 0..<10 {
            later.append(a.move(from: step % 6, to: (step * 5) % 6, clock: &alice, now: UInt64(2 + step)))
        }
        later.append(a.remove(at: 2, clock: &alice, now: 20))
        _ = b.move(from: 0, to: 5, clock: &bob, now: 30)
        let missing = a.ops(since: seen)
        #expect(missing == later, "the moves and the delete made after the vector, in id order")
        b.apply(missing)
        a.apply(b.ops(since: VersionVector([ReplicaID("alice"): alice.counter])))
        #expect(a == b && a.values == b.values && a.encoded() == b.encoded())
        #expect(a.values.count == 5)
    }

    @Test func aDeleteThatArrivesBeforeItsInsertKeepsTheElementOut() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var a = Board()
        let ops = ["a", "b", "c"].enumerated().map { a.insert($1, at: $0, clock: &alice, now: 1) }
        let deletion = a.remove(at: 1, clock: &alice, now: 2)
        var b = Board()
        b.apply([deletion, ops[2], ops[1], ops[0]])
        #expect(b.values == ["a", "c"])
        #expect(b == a && b.encoded() == a.encoded())
        #expect(try Board.decode(b.encoded()) == a)
        if case .delete(_, let element) = deletion { #expect(b.index(of: element) == nil) }
    }

    @Test func opsWithCountersPastTheLimitAreDroppedAndTheListStaysWhole() throws {
        var alice = OpClock(replica: ReplicaID("alice"))
        var list = Board()
        let ops = ["a", "b"].enumerated().map { list.insert($1, at: $0, clock: &alice, now: 1) }
        let before = list.encoded()
        let mallory = ReplicaID("mallory")
        let huge = UInt64(Int32.max) + 1
        guard case .insert(let first, _, _) = ops[0] else { Issue.record("an insert makes an insert op"); return }
        let forged: [Board.Op] = [
            .insert(
                element: OpID(mallory, huge), value: "x",
                position: ListPosition(id: OpID(mallory, 1), originLeft: nil, originRight: nil)),
            .insert(
                element: OpID(mallory, 2), value: "y",
                position: ListPosition(id: OpID(mallory, huge), originLeft: nil, originRight: nil)),
            .insert(
                element: OpID(mallory, 3), value: "z",
                position: ListPosition(id: OpID(mallory, 4), originLeft: OpID(mallory, huge), originRight: nil)),
            .move(
                element: first, stamp: WriteStamp(time: HLCTimestamp(rawValue: 99), op: OpID(mallory, huge)),
                position: ListPosition(id: OpID(mallory, 5), originLeft: nil, originRight: nil)),
            .delete(id: OpID(mallory, huge), element: first),
        ]
        list.apply(forged)
        #expect(list.values == ["a", "b"])
        #expect(list.encoded() == before, "nothing of the forged ops is kept")
        #expect(list.index(of: first) == 0)
        #expect(list.waitingOps.isEmpty)
    }

    /// An insert whose position cannot be placed where it arrives (origins in an order no honest
    /// replica makes) is still applied and kept, so a saved list reads back to the same bytes.
    @Test func anUnplaceablePositionIsKeptAndTheStateReadsBackTheSame() throws {
        let mallory = ReplicaID("m")
        func insert(_ element: UInt64, at position: UInt64, _ left: UInt64?, _ right: UInt64?) -> Board.Op {
            .insert(
                element: OpID(mallory, element), value: "a",
                position: ListPosition(
                    id: OpID(mallory, position), originLeft: left.map { OpID(mallory, $0) },
                    originRight: right.map { OpID(mallory, $0) }))
        }
        let a = insert(5, at: 3, nil, nil)
        let b = insert(4, at: 2, nil, nil)
        let c = insert(6, at: 7, 3, 2)
        func state(_ ops: [Board.Op]) -> [UInt8] { [1] + ops.encoded() }
        #expect(throws: CRDTDecodingError.self) { try Board.decode(state([a, b, c])) }
        let saved = state([b, a, c])
        var list = try Board.decode(saved)
        #expect(list.encoded() == saved, "all three ops kept, in id order")
        #expect(list.values == ["a", "a"], "the element whose position is nowhere is not shown")
        #expect(list.index(of: OpID(mallory, 6)) == nil)
        var live = Board()
        live.apply([a, b, c])
        #expect(live.encoded() == saved, "a replica that took them in another order keeps the same ops")
    }

    /// Ops delivered newest first wait in a chain as long as the list; releasing it must not
    /// recurse once per op.
    @Test func aLongChainOfWaitingOpsIsReleasedWithoutRecursion() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var list = Board()
        let ops = (0..<20_000).map { list.insert("card \($0)", at: $0, clock: &alice, now: 1) }
        var backwards = Board()
        backwards.apply(Array(ops.reversed()))
        #expect(backwards.waitingOps.isEmpty)
        #expect(backwards.values == list.values)
    }
}
