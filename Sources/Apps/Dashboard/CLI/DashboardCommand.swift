import ArgumentParser
import Foundation
import HearthCLISupport
import HearthClient
import HearthDashboardModels

/// `hearth dashboard`: the network at a glance.
public struct DashboardCommand: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The network at a glance: members, players in game, matches today, chat, each node's health.")
    @OptionGroup var options: ClientOptions

    public func run() async throws {
        try await runClient(options) { client in
            let data = try await client.request("GET", "v1/dashboard")
            if options.json { return Output.raw(data) }
            let dashboard = try APIClient.decoder.decode(Dashboard.self, from: data)
            Output.table([
                ("members online", "\(dashboard.membersOnline) of \(dashboard.members)"),
                ("players in game", "\(dashboard.playersInGame)"), ("matches today", "\(dashboard.matchesToday)"),
                ("chat", String(format: "%.1f messages a minute", dashboard.messagesPerMinute)),
                ("ops stored", "\(dashboard.opsStored)"),
            ])
            print("")
            Output.columns(
                ["NODE", "STATE", "VERSION", "UP", "CPU", "MEMORY", "DATABASE", "PEERS"],
                dashboard.nodes.map { node in
                    [
                        node.name + (node.isSelf ? " (this node)" : ""), node.online ? "online" : "offline",
                        node.version ?? "-", node.uptimeSeconds.map(Self.duration) ?? "-",
                        node.cpuPercent.map { String(format: "%.1f %%", $0) } ?? "-",
                        node.memoryBytes.map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "-",
                        node.databaseMs.map { String(format: "%.2f ms", $0) } ?? "-", node.peers.map { "\($0)" } ?? "-",
                    ]
                })
            if !dashboard.activity.isEmpty {
                print("")
                for item in dashboard.activity.prefix(10) {
                    print("\(Output.time(item.time, withDate: false))  \(item.text)")
                }
            }
        }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds)
        if whole >= 3600 { return "\(whole / 3600) h \(whole % 3600 / 60) min" }
        if whole >= 60 { return "\(whole / 60) min" }
        return "\(whole) s"
    }
}
