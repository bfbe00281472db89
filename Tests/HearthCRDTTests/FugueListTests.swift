import HearthCRDT
import PropertyBased
import Testing

/// The Fugue list: no interleaving of concurrent runs, forwards or backwards; convergence.
@Suite struct FugueListTests {
    typealias Text = FugueList<String>

    /// Types `text` into `list` one character at a time, from `index` forwards.
    func type(_ text: String, at index: Int, into list: inout Text, clock: inout OpClock) -> [Text.Op] {
        text.enumerated().map { offset, character in
            list.insert(String(character), at: index + offset, clock: &clock, now: 1)
        }
    }

    /// Types `text` backwards: each character inserted at `index`, last character first.
    func typeBackwards(_ text: String, at index: Int, into list: inout Text, clock: inout OpClock) -> [Text.Op] {
        text.reversed().map { character in list.insert(String(character), at: index, clock: &clock, now: 1) }
    }

    func merge(_ base: Text, _ edits: [[Text.Op]]) -> [String] {
        var results: [String] = []
        for order in [edits, edits.reversed()] {
            var list = base
            for batch in order { list.apply(batch) }
            results.append(list.values.joined())
        }
        return results
    }

    @Test(arguments: [false, true])
    func concurrentRunsDoNotInterleave(backwards: Bool) {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var base = Text()
        _ = type("[]", at: 0, into: &base, clock: &alice)
        var a = base
        var b = base
        let fromAlice =
            backwards
            ? typeBackwards("abc", at: 1, into: &a, clock: &alice) : type("abc", at: 1, into: &a, clock: &alice)
        let fromBob =
            backwards ? typeBackwards("xyz", at: 1, into: &b, clock: &bob) : type("xyz", at: 1, into: &b, clock: &bob)
        #expect(a.values.joined() == "[abc]" && b.values.joined() == "[xyz]")
        let results = merge(base, [fromAlice, fromBob])
        #expect(results[0] == results[1])
        #expect(["[abcxyz]", "[xyzabc]"].contains(results[0]), "\(results[0])")
    }

    @Test func aRunStaysTogetherWhenAnotherReplicaTypesInsideItsStart() {
        // Alice types "abc"; Bob, having seen only "a", types "X" after it.
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var a = Text()
        let first = type("a", at: 0, into: &a, clock: &alice)
        var b = Text()
        b.apply(first)
        let rest = type("bc", at: 1, into: &a, clock: &alice)
        let fromBob = type("X", at: 1, into: &b, clock: &bob)
        a.apply(fromBob)
        b.apply(rest)
        #expect(a == b)
        #expect(["abcX", "aXbc"].contains(a.values.joined()))
    }

    @Test func anchorsSurviveConcurrentEdits() {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var a = Text()
        let base = type("hello", at: 0, into: &a, clock: &alice)
        var b = Text()
        b.apply(base)
        let cursor = a.id(at: 4)  // before "o"
        b.apply(type(">> ", at: 0, into: &b, clock: &bob) + [b.remove(at: 3, clock: &bob, now: 2)])
        a.apply(b.ops(since: VersionVector([ReplicaID("alice"): alice.counter])))
        #expect(a.values.joined() == ">> ello")
        #expect(a.index(of: cursor) == 6)
    }

    @Test func randomEditsConverge() async {
        await propertyCheck(count: 60, input: Gen<UInt64>.value(in: 0...UInt64.max)) { seed in
            var random = SplitMix(seed: seed)
            var simulator = ConvergenceSimulator(
                replicas: Int.random(in: 3...5, using: &random), empty: Text(), seed: seed)
            simulator.run(steps: 150) { list, clock, random, now in
                if list.count > 0, Int.random(in: 0..<4, using: &random) == 0 {
                    return list.remove(at: Int.random(in: 0..<list.count, using: &random), clock: &clock, now: now)
                }
                let letter = String(UnicodeScalar(UInt8.random(in: 97...122, using: &random)))
                return list.insert(letter, at: Int.random(in: 0...list.count, using: &random), clock: &clock, now: now)
            }
            let final = simulator.finish()
            for replica in final.dropFirst() { #expect(replica.values == final[0].values) }
            #expect(final.allSatisfy { $0.encoded() == final[0].encoded() })
            let decoded = try Text.decode(final[0].encoded())
            #expect(decoded == final[0])
        }
    }
}
