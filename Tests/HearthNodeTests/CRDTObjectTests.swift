import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthObjectsModels
import HearthStore
import HearthTestSupport
import Testing

@testable import HearthNode
@testable import HearthObjects

/// CRDT objects on the app seam: every kind edited through the service, concurrent editors
/// converging over real links, materialised states that survive restarts, and received ops
/// checked against their signing author.
@Suite struct CRDTObjectTests {
    let alice = RemoteAuthor()
    let bob = RemoteAuthor()

    @Test func everyKindTakesItsEdits() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let objects = test.node.objects

        let text = try await objects.create(.text, title: "notes")
        _ = try await objects.edit(text.id, ObjectEditRequest(action: "insert", text: "hello world"))
        _ = try await objects.edit(text.id, ObjectEditRequest(action: "delete", at: 5, count: 6))
        #expect(
            try await objects.edit(text.id, ObjectEditRequest(action: "insert", at: 0, text: "¡")).value
                == .text("¡hello"))

        let list = try await objects.create(.list, title: "backlog")
        for card in ["a", "b", "c"] {
            _ = try await objects.edit(list.id, ObjectEditRequest(action: "insert", value: card))
        }
        _ = try await objects.edit(list.id, ObjectEditRequest(action: "move", from: 0, to: 2))
        #expect(try await objects.edit(list.id, ObjectEditRequest(action: "delete", at: 0)).value == .list(["c", "a"]))

        let map = try await objects.create(.map, title: nil)
        _ = try await objects.edit(map.id, ObjectEditRequest(action: "set", value: "dm4", key: "map"))
        _ = try await objects.edit(map.id, ObjectEditRequest(action: "set", value: "oa_dm1", key: "map"))
        _ = try await objects.edit(map.id, ObjectEditRequest(action: "set", value: "20", key: "fraglimit"))
        #expect(
            try await objects.edit(map.id, ObjectEditRequest(action: "remove", key: "fraglimit")).value
                == .map(["map": "oa_dm1"]))

        let set = try await objects.create(.set, title: nil)
        _ = try await objects.edit(set.id, ObjectEditRequest(action: "add", value: "rail"))
        _ = try await objects.edit(set.id, ObjectEditRequest(action: "add", value: "rocket"))
        #expect(
            try await objects.edit(set.id, ObjectEditRequest(action: "remove", value: "rail")).value == .set(["rocket"])
        )

        let counter = try await objects.create(.counter, title: "frags")
        _ = try await objects.edit(counter.id, ObjectEditRequest(action: "add", amount: 7))
        #expect(try await objects.edit(counter.id, ObjectEditRequest(action: "add", amount: -2)).value == .counter(5))

        let listed = try objects.list()
        #expect(listed.map(\.kind) == [.counter, .set, .map, .list, .text], "newest first")
        #expect(listed.first { $0.kind == .text }?.title == "notes")
        #expect(listed.allSatisfy { $0.value == nil }, "lists carry no values")
    }

    @Test func editsThatDoNotFitAreRefusedWithTheRule() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let objects = test.node.objects
        let text = try await objects.create(.text, title: nil)
        await #expect(throws: NodeError(.invalidArgument, "at must be in 0–0, not 4")) {
            try await objects.edit(text.id, ObjectEditRequest(action: "insert", at: 4, text: "x"))
        }
        await #expect(throws: NodeError(.invalidArgument, "text cannot hold the control character U+0000")) {
            try await objects.edit(text.id, ObjectEditRequest(action: "insert", text: "a\u{0}b"))
        }
        await #expect(throws: NodeError(.invalidArgument, "a text object takes the edits insert, delete, not 'add'")) {
            try await objects.edit(text.id, ObjectEditRequest(action: "add", amount: 1))
        }
        let set = try await objects.create(.set, title: nil)
        await #expect(throws: NodeError(.notFound, "the set does not hold 'ghost'")) {
            try await objects.edit(set.id, ObjectEditRequest(action: "remove", value: "ghost"))
        }
        #expect(
            throws: NodeError(
                .notFound, "there is no object aaaaaaaaaaaaaaaaaaaaaaaaaa; 'hearth object list' shows them")
        ) {
            try objects.object("aaaaaaaaaaaaaaaaaaaaaaaaaa")
        }
        #expect(try objects.object(text.id).ops == 0, "nothing refused was signed")
    }

    @Test func threeNodesEditingOneTextAtOnceConverge() async throws {
        let first = try TestNode(apps: [ObjectsApp()], listen: PeerAddress(host: "127.0.0.1", port: 0), name: "one")
        try await first.node.start()
        let port = try #require(await first.node.mesh.listeningPort)
        let others = try (0..<2).map { index in
            try TestNode(
                apps: [ObjectsApp()], listen: PeerAddress(host: "127.0.0.1", port: 0),
                peers: [PeerAddress(host: "127.0.0.1", port: port)], name: "n\(index)")
        }
        let nodes = [first] + others
        var streams: [AsyncStream<NodeEvent>] = []
        for test in nodes { streams.append(await test.node.events()) }
        for other in others { try await other.node.start() }

        let created = try await first.node.objects.create(.text, title: "minutes")
        for stream in streams.dropFirst() {
            _ = try await stream.first { $0.value(as: ReplicatedObject.self)?.id == created.id }
        }
        // Everyone types at the start at once: no edit may be lost, and all must end equal.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, node) in nodes.map(\.node).enumerated() {
                group.addTask {
                    for round in 0..<5 {
                        _ = try await node.objects.edit(
                            created.id, ObjectEditRequest(action: "insert", at: 0, text: "\(index)\(round) "))
                    }
                }
            }
            try await group.waitForAll()
        }
        for stream in streams {
            _ = try await stream.first { $0.value(as: ReplicatedObject.self)?.ops == 15 }
        }
        let values = try nodes.map { try $0.node.objects.object(created.id).value }
        #expect(Set(values.map { "\($0!)" }).count == 1, "every node shows the same text: \(values)")
        guard case .text(let text) = values[0] else { Issue.record("not text"); return }
        #expect(text.split(separator: " ").count == 15)
        let states = try nodes.map { test in
            try test.node.read { try $0.object(try ObjectID(bytes: Base32.decode(created.id)), kind: .text)?.state }
        }
        #expect(Set(states).count == 1, "the materialised states are byte-identical")
        for test in nodes { await test.node.stop() }
    }

    @Test func aRestartLoadsTheStoredStateAndKeepsCounting() async throws {
        let folder = try TemporaryFolder("hearth-crdt-restart")
        let id: String
        do {
            let test = try TestNode(reopening: folder, apps: [ObjectsApp()])
            id = try await test.node.objects.create(.list, title: "queue").id
            for player in ["anarki", "klesk"] {
                _ = try await test.node.objects.edit(id, ObjectEditRequest(action: "insert", value: player))
            }
        }
        let reopened = try TestNode(reopening: folder, apps: [ObjectsApp()])
        #expect(try reopened.node.objects.object(id).value == .list(["anarki", "klesk"]))
        // The own counter is read back, so the next op takes fresh ids (a reused one would be dropped).
        let after = try await reopened.node.objects.edit(id, ObjectEditRequest(action: "insert", at: 0, value: "sarge"))
        #expect(after.value == .list(["sarge", "anarki", "klesk"]))
        #expect(after.ops == 3)
    }

    @Test func anOpWithAnotherMembersReplicaIdIsRejectedAndItsChangeKept() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let create = try alice.change(1, [Self.creation(.counter, by: alice, seq: 1)])
        let object = Self.createdID(.counter, by: alice, seq: 1)
        var forgedClock = OpClock(replica: ReplicaID(bob.id.bytes))
        var counter = PNCounter()
        let forged = try alice.change(
            2, [Self.update(object, .counter, .counter(counter.add(100, clock: &forgedClock, now: 0)))])
        var ownClock = OpClock(replica: ReplicaID(alice.id.bytes))
        let honest = try alice.change(
            3, [Self.update(object, .counter, .counter(counter.add(3, clock: &ownClock, now: 0)))])
        let received = await test.node.receive([create, forged, honest], from: alice.id)
        #expect(received.fresh.count == 3, "the change is stored and relayed; only its op is skipped")
        #expect(try test.node.objects.object(object.description).value == .counter(3))
        #expect(test.lines.contains("a CRDT op whose ids are not its signing author's"))
    }

    @Test func anOpStampedLaterThanItsChangeIsRejected() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let hlc: UInt64 = 1_700_000_000_000 << 16
        let object = Self.createdID(.map, by: alice, seq: 1)
        var clock = OpClock(replica: ReplicaID(alice.id.bytes), last: HLCTimestamp(rawValue: hlc + 1_000_000))
        var map = LWWMap<String, String>()
        let future = map.set("title", to: "mine forever", clock: &clock, now: 0)
        let changes = [
            try alice.change(1, [Self.creation(.map, by: alice, seq: 1)], hlc: hlc),
            try alice.change(2, [Self.update(object, .map, .map(future))], hlc: hlc + 1),
        ]
        _ = await test.node.receive(changes, from: alice.id)
        #expect(try test.node.objects.object(object.description).value == .map([:]))
        #expect(test.lines.contains("a CRDT op stamped later than its change"))
    }

    @Test func anOpThatArrivesBeforeWhatItNamesWaitsAcrossARestart() async throws {
        let folder = try TemporaryFolder("hearth-crdt-waiting")
        let object = Self.createdID(.text, by: alice, seq: 1)
        var aliceClock = OpClock(replica: ReplicaID(alice.id.bytes))
        var bobClock = OpClock(replica: ReplicaID(bob.id.bytes))
        var document = TextDocument()
        let hello = document.insert("hello", at: 0, clock: &aliceClock, now: 0)
        let world = document.insert(" world", at: 5, clock: &bobClock, now: 0)
        // Bob's change names Alice's characters but (against the rule) no dep on her change.
        let bobsChange = try bob.change(1, [Self.update(object, .text, .text(world))])
        do {
            let test = try TestNode(reopening: folder, apps: [ObjectsApp()])
            _ = await test.node.receive([bobsChange], from: bob.id)
            let stored = try #require(try test.node.read { try $0.object(object, kind: .text) })
            #expect(!stored.waiting.isEmpty, "the op waits in the stored state")
        }
        let reopened = try TestNode(reopening: folder, apps: [ObjectsApp()])
        let alices = try [
            alice.change(1, [Self.creation(.text, by: alice, seq: 1)]),
            alice.change(2, [Self.update(object, .text, .text(hello))]),
        ]
        _ = await reopened.node.receive(alices, from: alice.id)
        #expect(try reopened.node.objects.object(object.description).value == .text("hello world"))
        #expect(try reopened.node.read { try $0.object(object, kind: .text)?.waiting } == [])
    }

    /// A counted delete (as protocol-2 nodes made them) still takes the next counter of its
    /// author's, and a delete without an id takes none: the inserts after each are taken only if
    /// they continue the counters accordingly.
    @Test func aCountedDeleteTakesACounterAndADeleteNone() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let object = Self.createdID(.text, by: alice, seq: 1)
        let replica = ReplicaID(alice.id.bytes)
        func range(_ first: UInt64, _ count: Int) -> TextOp.DeletedRanges {
            TextOp.DeletedRanges(TextOp.DeletedRange(first: OpID(replica, first), count: count))
        }
        let hello = TextOp.insert(id: OpID(replica, 1), originLeft: nil, originRight: nil, text: "hello")
        let counted = TextOp.countedDelete(id: OpID(replica, 6), ranges: range(2, 2))
        let bang = TextOp.insert(id: OpID(replica, 7), originLeft: OpID(replica, 5), originRight: nil, text: "!")
        let delete = TextOp.delete(ranges: range(1, 1))
        let query = TextOp.insert(id: OpID(replica, 8), originLeft: OpID(replica, 7), originRight: nil, text: "?")
        let changes = try [
            alice.change(1, [Self.creation(.text, by: alice, seq: 1), Self.update(object, .text, .text(hello))]),
            alice.change(2, [Self.update(object, .text, .text(counted)), Self.update(object, .text, .text(bang))]),
            alice.change(3, [Self.update(object, .text, .text(delete)), Self.update(object, .text, .text(query))]),
        ]
        _ = await test.node.receive(changes, from: alice.id)
        #expect(try test.node.objects.object(object.description).value == .text("lo!?"))
        #expect(!test.lines.contains("do not continue its author's counters"))
    }

    @Test func aCreationMustNameTheObjectItsOwnOpDerives() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let squatted = ObjectID.created(by: OpKey(author: bob.id.bytes, seq: 1, index: 0), kind: "crdt.text")
        let forged = NewOp(object: squatted, kind: "crdt.text", body: ObjectOpBody.create(title: "mine").encoded)
        _ = await test.node.receive([try alice.change(1, [forged])], from: alice.id)
        #expect(try test.node.objects.list().isEmpty)
        #expect(test.lines.contains("a creation whose object id is not derived from its own op"))
    }

    @Test func aReusedCounterIsRefusedOnEveryNodeWhateverTheOrder() async throws {
        let object = Self.createdID(.list, by: alice, seq: 1)
        var bobClock = OpClock(replica: ReplicaID(bob.id.bytes))
        var bobsList = MovableList<String>()
        let card = bobsList.insert("card", at: 0, clock: &bobClock, now: 0)
        guard case .insert(let element, _, _) = card else { Issue.record("not an insert"); return }
        // Alice moves bob's card (ids 1 and 2), then makes an insert that takes id 2 again.
        let move = CRDTOp.list(
            .move(
                element: element,
                stamp: WriteStamp(time: HLCTimestamp(rawValue: 1), op: OpID(ReplicaID(alice.id.bytes), 1)),
                position: ListPosition(id: OpID(ReplicaID(alice.id.bytes), 2), originLeft: nil, originRight: nil)))
        let reuse = CRDTOp.list(
            .insert(
                element: OpID(ReplicaID(alice.id.bytes), 2), value: "forged",
                position: ListPosition(id: OpID(ReplicaID(alice.id.bytes), 3), originLeft: nil, originRight: nil)))
        let alices = try [
            alice.change(1, [Self.creation(.list, by: alice, seq: 1), Self.update(object, .list, move)]),
            alice.change(2, [Self.update(object, .list, reuse)]),
        ]
        let bobs = [try bob.change(1, [Self.update(object, .list, .list(card))])]
        let bobFirst = try TestNode(apps: [ObjectsApp()])
        _ = await bobFirst.node.receive(bobs, from: bob.id)
        _ = await bobFirst.node.receive(alices, from: alice.id)
        let aliceFirst = try TestNode(apps: [ObjectsApp()])
        _ = await aliceFirst.node.receive(alices, from: alice.id)
        _ = await aliceFirst.node.receive(bobs, from: bob.id)
        for test in [bobFirst, aliceFirst] {
            #expect(try test.node.objects.object(object.description).value == .list(["card"]))
            #expect(test.lines.contains("do not continue its author's counters"))
        }
        let states = try [bobFirst, aliceFirst].map { test in
            try test.node.read { try $0.object(object, kind: .list)?.state }
        }
        #expect(states[0] == states[1], "both nodes hold the same state")
    }

    @Test func receivedInsertsOfDeletedRunsAndKeysNotInNFCAreRefused() async throws {
        let test = try TestNode(apps: [ObjectsApp()])
        let text = Self.createdID(.text, by: alice, seq: 1)
        let map = Self.createdID(.map, by: alice, seq: 2)
        let ghost = CRDTOp.text(
            .insertDeleted(id: OpID(ReplicaID(alice.id.bytes), 1), originLeft: nil, originRight: nil, count: 65_536))
        let decomposed = CRDTOp.map(
            LWWMap<String, String>.Op(
                key: "cafe\u{301}", value: "x",
                stamp: WriteStamp(time: HLCTimestamp(rawValue: 1), op: OpID(ReplicaID(alice.id.bytes), 1))))
        _ = await test.node.receive(
            [
                try alice.change(1, [Self.creation(.text, by: alice, seq: 1), Self.update(text, .text, ghost)]),
                try alice.change(2, [Self.creation(.map, by: alice, seq: 2), Self.update(map, .map, decomposed)]),
            ], from: alice.id)
        #expect(try test.node.objects.object(text.description).ops == 0)
        #expect(try test.node.objects.object(map.description).value == .map([:]))
        #expect(test.lines.contains("an insert of deleted characters"))
        #expect(test.lines.contains("a map key must be in Unicode NFC"))
        // At the API, keys are put in NFC: the decomposed and composed spellings are one key.
        let local = try await test.node.objects.create(.map, title: nil)
        _ = try await test.node.objects.edit(local.id, ObjectEditRequest(action: "set", value: "1", key: "cafe\u{301}"))
        let removed = try await test.node.objects.edit(local.id, ObjectEditRequest(action: "remove", key: "caf\u{e9}"))
        #expect(removed.value == .map([:]))
    }

    static func createdID(_ kind: ObjectKind, by author: RemoteAuthor, seq: UInt64) -> ObjectID {
        .created(by: OpKey(author: author.id.bytes, seq: seq, index: 0), kind: kind.opKind)
    }

    static func creation(_ kind: ObjectKind, by author: RemoteAuthor, seq: UInt64) -> NewOp {
        NewOp(
            object: createdID(kind, by: author, seq: seq), kind: kind.opKind,
            body: ObjectOpBody.create(title: "").encoded)
    }

    static func update(_ object: ObjectID, _ kind: ObjectKind, _ op: CRDTOp) -> NewOp {
        NewOp(object: object, kind: kind.opKind, body: ObjectOpBody.update(op).encoded)
    }
}
