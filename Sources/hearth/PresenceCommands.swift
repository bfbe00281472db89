import ArgumentParser
import Foundation
import HearthCLISupport
import HearthClient
import HearthModels

struct PresenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presence",
        abstract: "List who is online, idle, away, busy (dnd) or offline, with status text, game and last seen.")
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await runClient(options) { client in
            let data = try await client.request("GET", "v1/presence")
            if options.json { return Output.raw(data) }
            let people = try APIClient.decoder.decode([PresenceSummary].self, from: data)
            Output.columns(
                ["NAME", "ID", "STATUS", "TEXT", "GAME", "LAST SEEN"],
                people.map { person in
                    [
                        (person.name.isEmpty ? "-" : person.name) + (person.isSelf ? " (this node)" : ""),
                        String(person.id.prefix(8)), person.status, person.text.isEmpty ? "-" : person.text,
                        person.game.map(Self.describe) ?? "-",
                        person.online ? "now" : person.offlineSince.map { Output.time($0, withDate: true) } ?? "-",
                    ]
                })
        }
    }

    static func describe(_ game: PresenceSummary.Game) -> String {
        [game.game, game.map, game.server].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

struct SetStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set the status every node shows for this one: online, away or dnd.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "online, away or dnd (do not disturb)") var status: String
    @Option(help: "A status text, at most 100 characters.") var text: String?
    @Option(help: "The game this node plays (\"in game\"), e.g. openarena.") var game: String?
    @Option(help: "The game's map.") var map: String = ""
    @Option(help: "The game server, host:port.") var server: String = ""

    func run() async throws {
        try await runClient(options) { client in
            let request = SetPresenceRequest(
                status: status, text: text,
                game: game.map { PresenceSummary.Game(game: $0, map: map, server: server) })
            let data = try await client.request("PUT", "v1/presence/me", body: request)
            if options.json { return Output.raw(data) }
            let me = try APIClient.decoder.decode(PresenceSummary.self, from: data)
            let extra = [me.text, me.game.map(PresenceCommand.describe) ?? ""].filter { !$0.isEmpty }
            print("status: \(me.status)" + (extra.isEmpty ? "" : " (\(extra.joined(separator: "; ")))"))
        }
    }
}

struct ClearStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear", abstract: "Back to online, with no status text or game.")
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await runClient(options) { client in
            let data = try await client.request("PUT", "v1/presence/me", body: SetPresenceRequest(status: "online"))
            if options.json { return Output.raw(data) }
            print("status: online")
        }
    }
}
