import Foundation
import HearthCrypto
import HearthMachines
import HearthNet
import HearthNode
import HearthStatsEngine
import HearthStatsModels
import HearthStore
import Synchronization

/// What the stats app keeps in memory on one node: the live matches and game servers other nodes
/// (and this one) report, the logs it follows, and the leaderboards worked out from the records.
final class StatsRuntime: Sendable {
    private struct State {
        var live: [String: StatsLiveMatch] = [:]
        var servers: [String: StatsServer] = [:]
        var followers: [String: Task<Void, Never>] = [:]
        var poller: Task<Void, Never>?
        var records = RecordCache()
    }

    private let state = Mutex(State())

    // MARK: Records

    /// The records decoded when the boards were last worked out, with those boards.
    var recordCache: RecordCache { state.withLock { $0.records } }

    /// Keeps `cache` for the next reader (a reader that began from an older read may overwrite a
    /// newer one; the next read then sees the difference in versions and reads those again).
    func keep(_ cache: RecordCache) { state.withLock { $0.records = cache } }

    // MARK: Live state

    var liveMatches: [StatsLiveMatch] {
        state.withLock { $0.live.values.sorted { ($0.server, $0.id) < ($1.server, $1.id) } }
    }

    var servers: [StatsServer] { state.withLock { $0.servers.values.sorted { $0.address < $1.address } } }

    func signalChanged(_ signal: AppSignal, from source: NodeID, on node: Node) async {
        await apply(signal, from: source, on: node)
        await refreshOwnGame(on: node)
    }

    private func apply(_ signal: AppSignal, from source: NodeID, on node: Node) async {
        let object = (try? ObjectID(bytes: signal.object))?.description ?? ""
        switch signal.app {
        case StatsApp.liveSignal:
            let live: StatsLiveMatch
            if signal.data.isEmpty {
                guard let known = state.withLock({ $0.live.removeValue(forKey: object) }) else { return }
                live = StatsLiveMatch(
                    id: known.id, source: known.source, server: known.server, serverName: known.serverName,
                    map: known.map, mode: known.mode, gameSeconds: known.gameSeconds, players: [], recent: [],
                    teamScores: [:], ended: true)
            } else {
                guard let wire = try? StatsLiveScoreboard(serializedBytes: signal.data) else { return }
                live = StatsLiveMatch(wire, id: object, source: source.description)
                state.withLock { state in
                    if live.ended { state.live[object] = nil } else { state.live[object] = live }
                }
            }
            await node.emit([AppEvent(type: "stats.live", key: "live", value: live)])
        case StatsApp.serverSignal:
            if signal.data.isEmpty {
                // No longer polled by that node (or it went offline): forget what it said.
                let gone = state.withLock { state in
                    let keys = state.servers.filter {
                        $0.value.source == source.description && StatsApp.serverObject($0.key).bytes == signal.object
                    }.keys
                    return keys.compactMap { state.servers.removeValue(forKey: $0) }
                }
                for server in gone {
                    var ended = server
                    ended.answering = false
                    ended.players = []
                    await node.emit([AppEvent(type: "stats.server", key: "server", value: ended)])
                }
                return
            }
            guard let wire = try? StatsServerStatus(serializedBytes: signal.data) else { return }
            let server = StatsServer(wire, source: source.description)
            state.withLock { $0.servers[server.address] = server }
            await node.emit([AppEvent(type: "stats.server", key: "server", value: server)])
        default:
            return
        }
    }

    // MARK: The user's game

    /// Shows in this node's presence the match or server where a player this node's user claims
    /// is playing ("in game: oa_dm1 on LAN-party test"): a followed log's match first, then a
    /// polled server's player list; none when no such player is on any. Names match without
    /// colour codes and case.
    func refreshOwnGame(on node: Node) async {
        let own = node.identity.id.bytes
        let claims = (try? node.read { try $0.claims() }) ?? [:]
        let claimed = Set(claims.filter { $0.value.contains(own) }.keys.map(Self.comparable))
        var game: InGame?
        if !claimed.isEmpty {
            let (live, servers) = state.withLock { state in
                (
                    state.live.values.sorted { ($0.server, $0.id) < ($1.server, $1.id) },
                    state.servers.values.sorted { $0.address < $1.address }
                )
            }
            if let match = live.first(where: { $0.players.contains { claimed.contains(Self.comparable($0.name)) } }) {
                game = Self.inGame(
                    "OpenArena", map: match.map, server: match.serverName.isEmpty ? match.server : match.serverName)
            } else if let server = servers.first(where: { server in
                server.answering && server.players.contains { claimed.contains(Self.comparable($0.name)) }
            }) {
                game = Self.inGame(
                    Self.gameName(server.info["gamename"]), map: server.map,
                    server: server.hostname.isEmpty ? server.address : server.hostname)
            }
        }
        await node.showDetectedGame(game)
    }

    static func comparable(_ name: String) -> String { PlayerName.plain(name).lowercased() }

    /// The game a server's `gamename` stands for.
    static func gameName(_ gamename: String?) -> String {
        switch gamename?.lowercased() {
        case "baseoa": "OpenArena"
        case "baseq3", "quake3arena": "Quake III Arena"
        case let other?: other.isEmpty ? "OpenArena" : other
        case nil: "OpenArena"
        }
    }

    /// A presence game with each field cut to its limit (at a character boundary), colour codes
    /// taken out of the server's name.
    static func inGame(_ game: String, map: String, server: String) -> InGame {
        func fitted(_ text: String, _ bytes: Int) -> String {
            var result = ""
            for character in text where result.utf8.count + character.utf8.count <= bytes { result.append(character) }
            return result
        }
        return InGame(
            game: fitted(game, InGame.gameBytes), map: fitted(PlayerName.plain(map), InGame.mapBytes),
            server: fitted(PlayerName.plain(server), InGame.serverBytes))
    }

    // MARK: Followers

    func start(on node: Node) async {
        let watches = (try? node.read { try $0.watches() }) ?? []
        for watch in watches { follow(watch, on: node) }
        let poller = Task { await ServerPoller(node: node).run() }
        state.withLock { $0.poller = poller }
    }

    /// Follows `watch`'s log from where it stands (replacing any follower of the same path).
    func follow(_ watch: StatsWatch, on node: Node) {
        let task = Task { await LogFollower(watch: watch, node: node).run() }
        state.withLock { $0.followers.updateValue(task, forKey: watch.path) }?.cancel()
    }

    func unfollow(_ path: String) {
        state.withLock { $0.followers.removeValue(forKey: path) }?.cancel()
    }

    var followed: [String] { state.withLock { $0.followers.keys.sorted() } }

    func stop(on node: Node) async {
        let tasks = state.withLock { state in
            defer {
                state.followers.removeAll()
                state.poller = nil
            }
            return Array(state.followers.values) + (state.poller.map { [$0] } ?? [])
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

/// Leaderboards and the records they came from, as of one generation of the records.
/// Decoded match records by object, each with the op its stored version came from, and the
/// leaderboards of exactly these records. Reading the boards compares the versions with the
/// database (one small query) and reads and decodes again only the records that changed.
struct RecordCache: Sendable {
    struct Entry: Sendable {
        var version: OpKey
        /// The object id as the API writes it.
        var id: String
        /// nil: the stored body did not decode (kept so that it is not read again).
        var record: MatchRecord?
    }

    var entries: [ObjectID: Entry] = [:]
    /// Of `entries`, in the order the API lists them (by start, then id), and their boards; nil
    /// after a change until worked out again.
    var worked: CachedBoards?
}

struct CachedBoards: Sendable {
    var records: [MatchRecord]
    var ids: [String]
    var boards: Leaderboards
    var claims: [String: [StatsMember]]
}
