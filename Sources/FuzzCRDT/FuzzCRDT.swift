import Foundation
import FuzzSupport
import HearthCRDT

/// Feeds untrusted bytes to every CRDT decoder: states and op batches of each type. None may
/// trap; whatever decodes must encode to bytes that decode to the same encoding (compared as
/// bytes, since a NaN value is never equal to itself).
enum FuzzCRDT {
    static func run(_ bytes: [UInt8]) {
        roundTrip(LWWRegister<String>.self, bytes)
        roundTrip(LWWMap<String, Int64>.self, bytes)
        roundTrip(ORSet<String>.self, bytes)
        roundTrip(PNCounter.self, bytes)
        roundTrip(FugueList<String>.self, bytes)
        roundTrip(MovableList<String>.self, bytes)
        roundTrip(RecordMap<String, Double>.self, bytes)
        roundTrip(TextDocument.self, bytes)
        if let batch = try? TextOpBatch.decode(bytes) {
            guard (try? TextOpBatch.decode(batch.encoded()))?.encoded() == batch.encoded() else {
                fatalError("TextOpBatch did not survive encode → decode")
            }
            var document = TextDocument()
            document.apply(batch)
            var oneByOne = TextDocument()
            for op in batch.ops { oneByOne.apply(op) }
            guard document == oneByOne, document.text == oneByOne.text else {
                fatalError("a batch applied at once differs from its ops applied one by one")
            }
        }
        if let ops = try? [FugueList<String>.Op].decode(bytes) {
            var list = FugueList<String>()
            list.apply(ops)
            _ = list.values
        }
        if let ops = try? [MovableList<String>.Op].decode(bytes) {
            var list = MovableList<String>()
            list.apply(ops)
            _ = list.values
        }
    }

    private static func roundTrip<T: ReplicatedType>(_ type: T.Type, _ bytes: [UInt8]) {
        guard let value = try? T.decode(bytes) else { return }
        guard let again = try? T.decode(value.encoded()), again.encoded() == value.encoded() else {
            fatalError("\(T.self) did not survive encode → decode")
        }
    }

    /// Valid states of each type, as the starting corpus.
    static func seeds() -> [String: [UInt8]] {
        var alice = OpClock(replica: ReplicaID("alice"))
        var bob = OpClock(replica: ReplicaID("bob"))
        var map = LWWMap<String, Int64>()
        _ = map.set("frags", to: 12, clock: &alice, now: 1)
        _ = map.set("deaths", to: nil, clock: &bob, now: 2)
        var set = ORSet<String>()
        _ = set.insert("dm4", clock: &alice, now: 3)
        _ = set.remove("dm4", clock: &alice, now: 4)
        _ = set.insert("q2dm1", clock: &bob, now: 4)
        var counter = PNCounter()
        _ = counter.add(5, clock: &alice, now: 5)
        _ = counter.add(-2, clock: &bob, now: 6)
        var text = FugueList<String>()
        for (index, letter) in ["g", "g", "!"].enumerated() {
            _ = text.insert(letter, at: index, clock: &alice, now: 7)
        }
        _ = text.remove(at: 2, clock: &bob, now: 8)
        var board = MovableList<String>()
        for (index, card) in ["todo", "doing", "done"].enumerated() {
            _ = board.insert(card, at: index, clock: &alice, now: 9)
        }
        _ = board.move(from: 0, to: 2, clock: &bob, now: 10)
        var document = TextDocument()
        _ = document.insert("hello wörld", at: 0, clock: &alice, now: 12)
        _ = document.edit(at: 6, deleteCount: 5, insert: "LAN 😀", clock: &bob, now: 13)
        var register = LWWRegister<String>()
        _ = register.set("lanparty", clock: &alice, now: 11)
        return [
            "lww-map": map.encoded(), "or-set": set.encoded(), "pn-counter": counter.encoded(),
            "fugue-list": text.encoded(), "movable-list": board.encoded(), "lww-register": register.encoded(),
            "fugue-ops": text.ops(since: VersionVector()).encoded(), "text-document": document.encoded(),
            "text-batch": TextOpBatch(document.ops(since: VersionVector())).encoded(),
            // A catch-up for a replica that has alice's text: bob's insert, and a delete of hers.
            "text-catch-up": TextOpBatch(document.ops(since: VersionVector([alice.replica: alice.counter])))
                .encoded(),
        ]
    }
}

#if HEARTH_FUZZ
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzCRDTTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        FuzzCRDT.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without libFuzzer: replays the corpus, or writes the seeds (see `CorpusReplay`).
    @main
    struct FuzzCRDTReplay {
        static func main() throws {
            try CorpusReplay.main(name: "FuzzCRDT", seeds: FuzzCRDT.seeds, run: FuzzCRDT.run)
        }
    }
#endif
