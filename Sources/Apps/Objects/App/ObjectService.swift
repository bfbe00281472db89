import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthNode
import HearthObjectsModels
import HearthStore

extension Node {
    /// This node's CRDT objects: what the API and the CLI call.
    /// - Precondition: the node runs `ObjectsApp`.
    public nonisolated var objects: ObjectService {
        let app = configuration.apps.apps.lazy.compactMap { $0 as? ObjectsApp }.first
        return ObjectService(node: self, app: app ?? ObjectsApp())
    }
}

/// CRDT objects on one node: reads their materialised states, and turns edits into signed ops.
public struct ObjectService: Sendable {
    public let node: Node
    let app: ObjectsApp

    /// The most objects one listing returns.
    public static let maxListed = 1000

    /// Created objects, newest first, without their values.
    /// - Throws: `NodeError.storage` on a database failure.
    public func list(limit: Int = 100) throws -> [ReplicatedObject] {
        try node.read { try $0.createdObjects(limit: min(limit, Self.maxListed)) }.map { $0.view(value: nil) }
    }

    /// One object with its value.
    /// - Throws: `NodeError.notFound` for an id no created object has, `.invalidArgument` for a
    ///   malformed id.
    public func object(_ id: String) throws -> ReplicatedObject {
        let record = try find(id)
        let value = try CRDTValue(kind: record.kind, state: record.state, waiting: record.waiting)
        return record.view(value: value.value)
    }

    /// Creates an empty object of `kind`.
    /// - Throws: `NodeError.invalidArgument` / `.tooLarge` for a bad title.
    public func create(_ kind: ObjectKind, title: String?) async throws -> ReplicatedObject {
        let checked = try ObjectLimits.title(title ?? "")
        let op = NewOp(creating: kind.opKind, body: ObjectOpBody.create(title: checked).encoded)
        let change = try await node.commit([op])
        let key = OpKey(author: change.author.bytes, seq: change.seq, index: 0)
        return try object(ObjectID.created(by: key, kind: kind.opKind).description)
    }

    /// Applies one edit (`ObjectEditRequest`) to object `id` as this node.
    /// - Throws: `NodeError.notFound` for an unknown object (or key, or set element),
    ///   `.invalidArgument` for an edit that does not fit the object's kind or is out of range.
    public func edit(_ id: String, _ edit: ObjectEditRequest) async throws -> ReplicatedObject {
        let node = node
        return try await app.edits.run {
            let record = try find(id)
            var value = try CRDTValue(kind: record.kind, state: record.state, waiting: record.waiting)
            let authors = try node.read { try $0.objectAuthors(record.object, kind: record.kind) }
            let own = node.identity.id.bytes
            let counter = authors.first { $0.author == own }?.counter ?? 0
            // Three readings cover the ticks of any one edit (a move ticks for its stamp and its
            // position); the change that carries the ops is dated after all of them.
            let reading = await node.reserveClockReadings(3)
            var clock = OpClock(replica: ReplicaID(own), counter: counter, last: HLCTimestamp(rawValue: reading - 1))
            let ops = try ObjectEditor.ops(for: edit, on: &value, clock: &clock)
            let deps = try Self.deps(of: ops, record: record, authors: authors, own: own)
            let newOps = ops.map {
                NewOp(object: record.object, kind: record.kind.opKind, body: ObjectOpBody.update($0).encoded)
            }
            _ = try await node.commit(newOps, deps: deps)
            return try object(id)
        }
    }

    /// The changes an edit must follow: the object's creation, and the latest change of every
    /// author whose ops it names.
    static func deps(
        of ops: [CRDTOp], record: ObjectRecord, authors: [(author: [UInt8], counter: UInt64, seq: UInt64)], own: [UInt8]
    )
        throws -> [ChangeKey]
    {
        var deps: Set<ChangeKey> = []
        if let creator = record.creator, creator.author != own {
            deps.insert(ChangeKey(author: try NodeID(bytes: creator.author), seq: creator.seq))
        }
        let named = Set(ops.flatMap(\.referencedReplicas).map(\.bytes))
        for author in authors where author.author != own && named.contains(author.author) {
            deps.insert(ChangeKey(author: try NodeID(bytes: author.author), seq: author.seq))
        }
        guard deps.count <= ObjectEditor.maxDeps else {
            throw NodeError(
                .invalidArgument,
                "this edit names the work of \(deps.count) other members, more than one change may follow (\(ObjectEditor.maxDeps)); edit a smaller part"
            )
        }
        return deps.sorted { $0.description < $1.description }
    }

    private func find(_ id: String) throws -> ObjectRecord {
        let bytes: [UInt8]
        do {
            bytes = try Base32.decode(id)
        } catch {
            throw NodeError(.invalidArgument, "'\(id.prefix(80))' is not an object id")
        }
        guard bytes.count == ObjectID.length, let object = try? ObjectID(bytes: bytes) else {
            throw NodeError(.invalidArgument, "'\(id.prefix(80))' is not an object id")
        }
        let records = try node.read { try $0.objects(id: object) }
        guard let record = records.first else {
            throw NodeError(.notFound, "there is no object \(id); 'hearth object list' shows them")
        }
        return record
    }
}
