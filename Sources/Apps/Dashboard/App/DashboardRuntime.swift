import Foundation
import HearthChat
import HearthChatModels
import HearthCrypto
import HearthDashboardModels
import HearthModels
import HearthNet
import HearthNode
import HearthStats
import HearthStatsModels
import Synchronization

/// What the dashboard keeps on one node: the nodes' health reports and the task that sends this
/// node's own. Everything else is read when the dashboard is asked for: the dashboard does not
/// subscribe to the node's events (that would make the node build every event, listened to or not);
/// a UI reads it again when the events it shows tell it something changed.
final class DashboardRuntime: Sendable {
    static let messageWindow: TimeInterval = 600

    private struct State {
        var reports: [NodeID: HealthReport] = [:]
        var reporter: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func start(on node: Node) {
        let reporter = Task {
            var probe = HealthProbe()
            var last: (peers: Int, at: ContinuousClock.Instant)?
            while !Task.isCancelled {
                // Every 10 s, and at once when the node's links change.
                let peers = await node.peers().count
                if last.map({ $0.peers != peers || ContinuousClock.now - $0.at >= DashboardApp.healthInterval }) ?? true
                {
                    last = (peers, .now)
                    let report = await probe.report(for: node)
                    if let data = try? JSONEncoder().encode(report) {
                        try? await node.sendAppSignal(
                            AppSignal(
                                app: DashboardApp.healthSignal, object: DashboardApp.healthObject.bytes,
                                data: [UInt8](data)))
                    }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        state.withLock { $0.reporter = reporter }
    }

    func stop() async {
        state.withLock { state in
            state.reporter?.cancel()
            state.reporter = nil
        }
    }

    /// A node reported its health (this one too): `dashboard.changed` tells listeners.
    func reported(_ report: HealthReport?, by source: NodeID, on node: Node) async {
        state.withLock { $0.reports[source] = report }
        await node.emit([AppEvent(type: "dashboard.changed", key: "dashboard", value: await dashboard(on: node))])
    }

    /// The dashboard as it stands.
    func dashboard(on node: Node) async -> Dashboard {
        let presence = await node.presence()
        let status = try? await node.status()
        let stats = node.stats
        let live = (try? stats.live()) ?? []
        let servers = (try? stats.servers()) ?? []
        let inGame =
            live.isEmpty
            ? servers.filter(\.answering).reduce(0) { $0 + $1.players.count } : live.reduce(0) { $0 + $1.players.count }
        let now = Date()
        let messages = (try? node.chat.messageCount(since: now.addingTimeInterval(-Self.messageWindow))) ?? 0
        let reports = state.withLock { $0.reports }
        let nodes = presence.map { entry in
            let report = (try? NodeID(base32: entry.id)).flatMap { reports[$0] }
            return NodeHealth(
                id: entry.id, name: entry.name, online: entry.online, isSelf: entry.isSelf, version: report?.version,
                uptimeSeconds: report?.uptimeSeconds, cpuPercent: report?.cpuPercent, memoryBytes: report?.memoryBytes,
                databaseMs: report?.databaseMs, peers: report?.peers)
        }
        return Dashboard(
            membersOnline: presence.filter(\.online).count, members: presence.count, playersInGame: inGame,
            matchesToday: (try? stats.matchesToday()) ?? 0,
            messagesPerMinute: (Double(messages) / (Self.messageWindow / 60) * 10).rounded() / 10,
            opsStored: status?.opsStored ?? 0, nodes: nodes, activity: await activity(on: node))
    }

    /// What happened lately, newest first: matches, new channels, links to members.
    func activity(on node: Node) async -> [Activity] {
        var items: [Activity] = []
        for match in (try? node.stats.matches(limit: 10)) ?? [] {
            let outcome = match.aborted ? "cut short" : match.winner.map { "won by \(Self.plain($0))" } ?? "over"
            items.append(
                Activity(
                    time: match.startedAt.addingTimeInterval(match.durationSeconds), kind: "match",
                    text: "\(match.mode) on \(match.map) \(outcome)"))
        }
        for channel in (try? node.chat.channels()) ?? [] {
            items.append(Activity(time: channel.created, kind: "channel", text: "#\(channel.name) created"))
        }
        for peer in await node.peers() {
            items.append(Activity(time: peer.connectedSince, kind: "join", text: "linked to \(peer.name)"))
        }
        return Array(items.sorted { $0.time > $1.time }.prefix(20))
    }

    static func plain(_ name: String) -> String {
        var out = ""
        var skip = false
        for character in name {
            if skip {
                skip = false
                if !character.isNumber { out.append(character) }
            } else if character == "^" {
                skip = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
