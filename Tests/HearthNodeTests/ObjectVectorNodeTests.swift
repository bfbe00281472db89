import Foundation
import HearthCrypto
import HearthObjectsModels
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthNode
@testable import HearthObjects

/// `Protocol/vectors/objects.json`, made by an independent Python implementation, applied by a
/// real node: one object of each CRDT kind, and a second author's text insert with a dep.
@Suite struct ObjectVectorNodeTests {
    struct Vectors: Decodable {
        struct Change: Decodable {
            var signedChange: String
            var refused: String?
        }
        struct Object: Decodable {
            var id: String
            var kind: ObjectKind
            var title: String
            var value: ObjectValue
            /// The encoded state every node must store (all kinds but text).
            var state: String?
        }
        var changes: [Change]
        var objects: [Object]
    }

    @Test func aNodeShowsEveryVectorObjectAsTheSpecSays() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/objects.json")
        let vectors = try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
        let test = try TestNode(apps: [ObjectsApp()])
        let signed = try vectors.changes.map {
            try WireSignedChange(serializedBytes: ProtocolVectorNodeTests.hex($0.signedChange))
        }
        // In reverse: each waits for its predecessor or dep, as over a real link.
        for change in signed.reversed() {
            _ = await test.node.receive([change], from: NodeIdentity.generate().id)
        }
        #expect(try await test.node.status().opsStored == signed.count, "every change stored")
        #expect(vectors.objects.count == ObjectKind.allCases.count)
        for expected in vectors.objects {
            let shown = try test.node.objects.object(expected.id)
            #expect(shown.kind == expected.kind)
            #expect(shown.title == expected.title)
            // As JSON: a set's value reads back as a list.
            let encoder = JSONEncoder()
            #expect(try encoder.encode(shown.value) == encoder.encode(expected.value), "\(expected.kind)")
            if let state = expected.state {
                let object = try ObjectID(bytes: Base32.decode(expected.id))
                let stored = try test.node.read { try $0.object(object, kind: expected.kind)?.state }
                #expect(stored == ProtocolVectorNodeTests.hex(state), "\(expected.kind): the state, byte for byte")
            }
        }
        // The refused ops are skipped (the values above did not move) and logged; their changes stay.
        let refusals = test.lines.all.filter { $0.contains("rejected an op") }
        #expect(refusals.count == vectors.changes.filter { $0.refused != nil }.count)
        #expect(test.lines.contains("a CRDT op whose ids are not its signing author's"))
        #expect(test.lines.contains("do not continue its author's counters"))
        #expect(test.lines.contains("a CRDT op stamped later than its change"))
    }
}
