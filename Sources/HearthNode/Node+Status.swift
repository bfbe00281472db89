import Foundation
import HearthNet
import HearthWire

extension Node {
    /// What `hearth status` shows.
    public func status() async throws -> NodeStatus {
        // Every stored change is below its author's head, so the heads add up to the log's size.
        let opsStored = Int(heads.total)
        let port = await mesh.listeningPort
        var status = NodeStatus(
            nodeID: identity.id.description, name: displayName, network: configuration.network.name,
            networkTag: configuration.network.key.tag, networks: configuration.folder.joinedNetworks(),
            listen: configuration.listen.map { PeerAddress(host: $0.host, port: port ?? $0.port).description },
            dataFolder: configuration.folder.path, opsStored: opsStored, authors: heads.entries.count,
            peers: await mesh.linkInfos().count, pendingChanges: pendingCount, signing: ownLog.canSign,
            startedAt: startedAt, version: HearthVersion.current)
        status.presenceBytesSent = await mesh.presenceBytesSent
        return status
    }

    /// The name this node goes by: the one it started with, or the latest rename.
    public nonisolated var displayName: String { currentName.withLock { $0 } }

    /// Renames this node: its presence record and new links' Hellos carry `name` at once, and the
    /// name is kept in the data folder for the next start without `--name`. The apps publish it
    /// as they do a name at start (chat's profile). `name` must be checked by the caller.
    /// - Throws: `NodeError.dataFolder` when the name cannot be saved.
    public func rename(to name: String) async throws {
        do {
            try Data((name + "\n").utf8).write(to: URL(fileURLWithPath: configuration.folder.displayNamePath))
        } catch {
            throw NodeError(.dataFolder, "cannot save the name in \(configuration.folder.displayNamePath): \(error)")
        }
        currentName.withLock { $0 = name }
        await mesh.setDisplayName(name)
        // The machine reports other nodes' changes; this node's own is shown here.
        if let own = await mesh.presenceEntry(of: identity.id) { await presenceChanged(own) }
    }

    /// The open links.
    public func peers() async -> [PeerSummary] {
        await mesh.linkInfos().map(PeerSummary.init)
    }
}

extension Node {
    /// Transactions written to disk with fsync since the node opened its database (a local
    /// group commit is one, however many changes it holds).
    public nonisolated var durableWrites: Int { store.durableWrites }
}
