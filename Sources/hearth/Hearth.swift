import ArgumentParser
import HearthWire

@main
struct Hearth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hearth",
        abstract: "A peer-to-peer collaboration node for local networks.",
        discussion: "Run a node with 'hearth up'; every other command talks to the running node.",
        version: "hearth \(HearthVersion.current) (protocol \(ProtocolConstants.version))",
        subcommands: [
            Up.self, Status.self, PresenceCommand.self, Watch.self, TypingCommand.self, Peers.self, InviteCommand.self,
            UICommand.self,
        ]
            + InstalledApps.commands)
}
