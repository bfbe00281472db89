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
        ObjectService(node: self, app: configuration.apps.apps.lazy.compactMap { $0 as? ObjectsApp }.first)
    }
}

/// CRDT objects on one node: reads their materialised states, and turns edits into signed ops.
public struct ObjectService: Sendable {
    public let node: Node
    /// Nil when the node does not run the app: edits are then refused.
    let app: ObjectsApp?

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
        guard app != nil else {
            throw NodeError(
                .unavailable,
                "this node does not run the crdt app (register ObjectsApp in Sources/hearth/InstalledApps.swift)")
        }
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
        guard let app else {
            throw NodeError(
                .unavailable,
                "this node does not run the crdt app (register ObjectsApp in Sources/hearth/InstalledApps.swift)")
        }
        let target = try find(id)
        return try await app.edits.run("\(target.object) \(target.kind.rawValue)") {
            // Read again under the lock: the edit before this one may have changed it.
            let (stored, authors) = try node.read { store in
                (
                    try store.object(target.object, kind: target.kind),
                    try store.objectAuthors(target.object, kind: target.kind)
                )
            }
            let record = stored ?? target
            let value = try CRDTValue(kind: record.kind, state: record.state, waiting: record.waiting)
            let own = node.identity.id.bytes
            let counter = authors.first { $0.author == own }?.counter ?? 0
            // Three readings cover the ticks of any one edit (a move ticks for its stamp and its
            // position); the change that carries the ops is dated after all of them, and all of
            // them after every change the object has applied.
            let reading = await node.reserveClockReadings(3, after: record.lastHLC)
            var clock = OpClock(replica: ReplicaID(own), counter: counter, last: HLCTimestamp(rawValue: reading - 1))
            let ops = try ObjectEditor.ops(for: edit, on: value, clock: &clock)
            let deps = try Self.deps(of: ops, record: record, authors: authors, own: own)
            let newOps = ops.map {
                NewOp(object: record.object, kind: record.kind.opKind, body: ObjectOpBody.update($0).encoded)
            }
            _ = try await node.commit(newOps, deps: deps)
            return try object(id)
        }
    }

    /// The changes an edit should follow, so that peers apply it at once: the object's creation,
    /// and the latest change on the object of each other author whose ops it names (the most
    /// recent ones when there are more than a change may list; an op whose names have not
    /// arrived waits for them, so this only speeds things up).
    static func deps(
        of ops: [CRDTOp], record: ObjectRecord, authors: [(author: [UInt8], counter: UInt64, seq: UInt64)],
        own: [UInt8]
    ) throws -> [ChangeKey] {
        var deps: [ChangeKey] = []
        if let creator = record.creator, creator.author != own {
            deps.append(ChangeKey(author: try NodeID(bytes: creator.author), seq: creator.seq))
        }
        let named = Set(ops.flatMap(\.referencedReplicas).map(\.bytes))
        let others = authors.filter { $0.author != own && named.contains($0.author) }.sorted { $0.seq > $1.seq }
        for author in others.prefix(Node.maxDeps - deps.count) {
            let key = ChangeKey(author: try NodeID(bytes: author.author), seq: author.seq)
            if let same = deps.firstIndex(where: { $0.author == key.author }) {
                deps[same].seq = max(deps[same].seq, key.seq)
            } else {
                deps.append(key)
            }
        }
        return deps
    }

    private func find(_ id: String) throws -> ObjectRecord {
        let bytes: [UInt8]
        do {
            bytes = try Base32.decode(id)
        } catch {
            throw NodeError(.invalidArgument, "'\(id.prefix(80))' is not an object id; 'hearth object list' shows them")
        }
        guard bytes.count == ObjectID.length, let object = try? ObjectID(bytes: bytes) else {
            throw NodeError(.invalidArgument, "'\(id.prefix(80))' is not an object id; 'hearth object list' shows them")
        }
        let records = try node.read { try $0.objects(id: object) }
        guard let record = records.first else {
            throw NodeError(.notFound, "there is no object \(id); 'hearth object list' shows them")
        }
        return record
    }
}
