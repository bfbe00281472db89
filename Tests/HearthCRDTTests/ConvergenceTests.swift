import HearthCRDT
import PropertyBased
import Testing

/// Random concurrent ops on 3–5 replicas, delivered in random causal orders with duplicates, end
/// in identical states and identical encodings; and a replica rebuilt from `ops(since:)` or from
/// its encoding equals the original.
@Suite struct ConvergenceTests {
    static let seeds = Gen<UInt64>.value(in: 0...UInt64.max)
    static let keys = ["a", "b", "c", "d"]

    func check<T: ReplicatedType>(_ empty: T, seed: UInt64, steps: Int = 200, makeOp: ConvergenceSimulator<T>.MakeOp)
        throws
    {
        var random = SplitMix(seed: seed)
        var simulator = ConvergenceSimulator(replicas: Int.random(in: 3...5, using: &random), empty: empty, seed: seed)
        simulator.run(steps: steps, makeOp: makeOp)
        let final = simulator.finish()
        for replica in final.dropFirst() {
            #expect(replica == final[0])
            #expect(replica.encoded() == final[0].encoded())
        }
        #expect(try T.decode(final[0].encoded()) == final[0], "encode → decode round trip")
        var rebuilt = empty
        rebuilt.apply(final[0].ops(since: VersionVector()))
        #expect(rebuilt == final[0], "ops(since: empty) rebuild the state")
    }

    @Test func lwwRegistersConverge() async {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            try check(LWWRegister<String>(), seed: seed) { register, clock, random, now in
                register.set(["x", "y", "z"].randomElement(using: &random)!, clock: &clock, now: now)
            }
        }
    }

    @Test func lwwMapsConverge() async {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            try check(LWWMap<String, Int64>(), seed: seed) { map, clock, random, now in
                let key = Self.keys.randomElement(using: &random)!
                let value: Int64? = Bool.random(using: &random) ? Int64.random(in: -5...5, using: &random) : nil
                return map.set(key, to: value, clock: &clock, now: now)
            }
        }
    }

    @Test func orSetsConverge() async {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            try check(ORSet<String>(), seed: seed) { set, clock, random, now in
                let element = Self.keys.randomElement(using: &random)!
                if Bool.random(using: &random) { return set.insert(element, clock: &clock, now: now) }
                return set.remove(element, clock: &clock, now: now)
            }
        }
    }

    @Test func countersConverge() async {
        await propertyCheck(count: 100, input: Self.seeds) { seed in
            try check(PNCounter(), seed: seed) { counter, clock, random, now in
                counter.add(Int64.random(in: -10...10, using: &random), clock: &clock, now: now)
            }
            try check(GCounter(), seed: seed) { counter, clock, random, now in
                counter.increment(by: UInt64.random(in: 0...10, using: &random), clock: &clock, now: now)
            }
        }
    }
}
