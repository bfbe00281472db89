import ArgumentParser

@main
struct Hearth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hearth",
        abstract: "A peer-to-peer collaboration node for local networks.",
        discussion: "Run a node with 'hearth up'; every other command talks to the running node.",
        subcommands: [Up.self, Status.self, Peers.self, InviteCommand.self, Chat.self])
}

/// Options every client command takes.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "The node's data folder (default: $HEARTH_DATA or $XDG_DATA_HOME/hearth).")
    var data: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false
}
