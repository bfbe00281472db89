import ArgumentParser
import HearthChat
import HearthChatCLI
import HearthDashboard
import HearthDashboardCLI
import HearthNode
import HearthObjects
import HearthObjectsCLI
import HearthStats
import HearthStatsCLI

/// The apps this build of Hearth runs: the one place an app is registered ("How to add an app"
/// in the README). The node applies their ops and serves their routes; the CLI adds their commands.
enum InstalledApps {
    static func registry() throws -> AppRegistry {
        try AppRegistry([ChatApp(), ObjectsApp(), StatsApp(), DashboardApp()])
    }
    static let commands: [any ParsableCommand.Type] = [
        Chat.self, DirectMessages.self, Notifications.self, Search.self, Object.self, Stats.self, DashboardCommand.self,
    ]
}
