import Foundation
import HearthNet

extension Node {
    /// Every node this one knows the presence of, itself first, then online before offline and
    /// by name.
    public func presence() async -> [PresenceSummary] {
        let entries = await mesh.presenceEntries()
        return entries.map { summary(of: $0) }.sorted {
            ($0.isSelf ? 0 : 1, $0.online ? 0 : 1, $0.name.lowercased(), $0.id)
                < ($1.isSelf ? 0 : 1, $1.online ? 0 : 1, $1.name.lowercased(), $1.id)
        }
    }

    /// Sets the status this node shows everywhere.
    /// - Throws: `NodeError.invalidArgument` for a status other than online, away or dnd, a text
    ///   over 100 characters, or game fields over their limits.
    public func setPresence(_ request: SetPresenceRequest) async throws {
        guard let status = PresenceStatus(rawValue: request.status), [.online, .away, .dnd].contains(status) else {
            throw NodeError(
                .invalidArgument,
                "unknown status '\(request.status)': use online, away or dnd (idle comes by itself after \(Int(configuration.presence.idleAfter / 60)) minutes without activity)"
            )
        }
        let text = request.text ?? ""
        guard text.count <= PresenceLimits.textCharacters, text.utf8.count <= PresenceLimits.textBytes else {
            throw NodeError(
                .invalidArgument,
                "a status text holds at most \(PresenceLimits.textCharacters) characters and \(PresenceLimits.textBytes) bytes, this one \(text.count) and \(text.utf8.count)"
            )
        }
        var game: InGame?
        if let wanted = request.game {
            guard !wanted.game.isEmpty, wanted.game.utf8.count <= InGame.gameBytes,
                wanted.map.utf8.count <= InGame.mapBytes, wanted.server.utf8.count <= InGame.serverBytes
            else {
                throw NodeError(
                    .invalidArgument,
                    "a game needs a name of 1-\(InGame.gameBytes) bytes, a map and a server of at most \(InGame.mapBytes) bytes each"
                )
            }
            game = InGame(game: wanted.game, map: wanted.map, server: wanted.server)
        }
        userChoseGame.withLock { $0 = game != nil }
        await mesh.setPresence(status, text: text, game: game)
        ownStatus.withLock { $0 = status.rawValue }
        // The machine reports other nodes' changes; this node's own is shown here.
        if let own = await mesh.presenceEntry(of: identity.id) { await presenceChanged(own) }
    }

    /// The game an app found this node's user in (nil: none now), e.g. the stats app seeing a
    /// player the user claims on a game server. A game the user set themselves stays until they
    /// change it; otherwise the record's game follows what the app finds.
    public func showDetectedGame(_ game: InGame?) async {
        guard !userChoseGame.withLock({ $0 }) else { return }
        let before = await mesh.presenceEntry(of: identity.id)?.record?.game
        guard before != game else { return }
        await mesh.setGame(game)
        if let own = await mesh.presenceEntry(of: identity.id) { await presenceChanged(own) }
    }

    /// The user did something through the CLI, the API or a UI: an automatic idle ends.
    public func userActivity() async { await mesh.presenceActivity() }

    func summary(of entry: PresenceEntry) -> PresenceSummary {
        let record = entry.record
        return PresenceSummary(
            id: entry.node.description, name: record?.name ?? "", status: entry.shownStatus, online: entry.isOnline,
            text: record?.text ?? "",
            game: record?.game.map { PresenceSummary.Game(game: $0.game, map: $0.map, server: $0.server) },
            isSelf: entry.node == identity.id, offlineSince: entry.offlineSince.map { mesh.wallTime(of: $0) })
    }

    public func presenceChanged(_ entry: PresenceEntry) async {
        if entry.node == identity.id { ownStatus.withLock { $0 = entry.shownStatus } }
        publish([AppEvent(type: "presence.changed", key: "presence", value: summary(of: entry))])
    }
}
