import HearthCRDT
import HearthNode
import HearthObjectsModels

/// The fuzz target's door to CRDT object bodies (`FuzzNode`): decodes untrusted bytes as the
/// body of each kind, runs the checks a received op gets, applies what decodes to an empty
/// object and checks that its stored form (state and waiting ops) reads back the same.
@_spi(Fuzzing) public enum ObjectsFuzzing {
    public static func run(_ bytes: [UInt8]) {
        for kind in ObjectKind.allCases {
            guard let body = try? ObjectOpBody(kind: kind, bytes: bytes) else { continue }
            guard (try? ObjectOpBody(kind: kind, bytes: body.encoded)) == body else {
                fatalError("a \(kind) body did not survive encode → decode")
            }
            guard case .update(let op) = body else { continue }
            _ = op.minted
            _ = op.referencedReplicas
            _ = op.stamps
            _ = try? ObjectLimits.check(op)
            var value = CRDTValue(empty: kind)
            value.apply(op)
            _ = value.value
            guard let stored = try? CRDTValue(kind: kind, state: value.encodedState, waiting: value.encodedWaiting),
                stored.encodedState == value.encodedState, stored.encodedWaiting.count == value.encodedWaiting.count
            else {
                fatalError("a \(kind) object did not read back what it stored")
            }
        }
    }

    /// One valid update body of each kind, and a creation, as the starting corpus.
    public static func seeds() -> [String: [UInt8]] {
        var clock = OpClock(replica: ReplicaID([UInt8](repeating: 7, count: 32)))
        var text = TextDocument()
        var list = MovableList<String>()
        var map = LWWMap<String, String>()
        var set = ORSet<String>()
        var counter = PNCounter()
        let hello = text.insert("hello", at: 0, clock: &clock, now: 1)
        let ops: [String: CRDTOp] = [
            "text-insert": .text(hello),
            "text-delete": .text(text.delete(at: 1, count: 2)),
            "list-insert": .list(list.insert("dm4", at: 0, clock: &clock, now: 3)),
            "map-set": .map(map.set("map", to: "oa_dm1", clock: &clock, now: 4)),
            "set-add": .set(set.insert("rail", clock: &clock, now: 5)),
            "counter-add": .counter(counter.add(-3, clock: &clock, now: 6)),
        ]
        var seeds = ops.mapValues { ObjectOpBody.update($0).encoded }
        seeds["create"] = ObjectOpBody.create(title: "minutes").encoded
        return seeds
    }
}
