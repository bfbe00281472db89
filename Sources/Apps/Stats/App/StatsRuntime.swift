import Foundation
import HearthCrypto
import HearthNet
import HearthNode
import HearthStatsEngine
import HearthStatsModels
import Synchronization

/// What the stats app keeps in memory on one node: the live matches and game servers other nodes
/// (and this one) report, the logs it follows, and the leaderboards worked out from the records.
final class StatsRuntime: Sendable {
    private struct State {
        var live: [String: StatsLiveMatch] = [:]
        var servers: [String: StatsServer] = [:]
        var followers: [String: Task<Void, Never>] = [:]
        var poller: Task<Void, Never>?
        /// Bumped by every record or claim applied: the boards are worked out again when read.
        var generation = 0
        var boards: (generation: Int, value: CachedBoards)?
    }

    private let state = Mutex(State())

    // MARK: Records

    func recordsChanged() { state.withLock { $0.generation += 1 } }

    /// The boards for the records as they are now: worked out again only after a change.
    func boards(_ make: () throws -> CachedBoards) rethrows -> CachedBoards {
        let (generation, cached) = state.withLock { ($0.generation, $0.boards) }
        if let cached, cached.generation == generation { return cached.value }
        let made = try make()
        state.withLock { state in
            if state.generation == generation { state.boards = (generation, made) }
        }
        return made
    }

    // MARK: Live state

    var liveMatches: [StatsLiveMatch] {
        state.withLock { $0.live.values.sorted { ($0.server, $0.id) < ($1.server, $1.id) } }
    }

    var servers: [StatsServer] { state.withLock { $0.servers.values.sorted { $0.address < $1.address } } }

    func signalChanged(_ signal: AppSignal, from source: NodeID, on node: Node) async {
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
struct CachedBoards: Sendable {
    var records: [MatchRecord]
    var ids: [String]
    var boards: Leaderboards
    var claims: [String: [StatsMember]]
}
