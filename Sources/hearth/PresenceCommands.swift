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
    @Flag(help: "After the list, print each change as it happens (Ctrl-C to stop).") var watch = false

    func run() async throws {
        try await runClient(options) { client in
            let json = options.json
            guard watch else { return try await Self.list(client, json: json) }
            try await client.followEvents(subscribed: { try await Self.list(client, json: json) }) { type, text in
                guard type == "presence.changed" else { return }
                print(
                    json ? text : "\(Output.time(Date(), withDate: false))  \(Watch.describe(type: type, json: text))")
                fflush(nil)
            }
        }
    }

    static func list(_ client: APIClient, json: Bool) async throws {
        let data = try await client.request("GET", "v1/presence")
        if json { return Output.raw(data) }
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
        fflush(nil)
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

struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print every live event as it happens: presence, typing, focus, messages, objects, links (Ctrl-C to stop).")
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await runClient(options) { client in
            let json = options.json
            try await client.followEvents { type, text in
                if json {
                    print(text)
                } else {
                    print("\(Output.time(Date(), withDate: false))  \(Self.describe(type: type, json: text))")
                }
                fflush(nil)
            }
        }
    }

    /// One line for a person: the event's type and what it is about.
    static func describe(type: String, json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return type
        }
        let body = object.first { $0.key != "seq" && $0.key != "type" }?.value as? [String: Any] ?? [:]
        let who =
            (body["name"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            ?? (body["id"] as? String).map { String($0.prefix(8)) }
        switch type {
        case "presence.changed":
            let text = (body["text"] as? String).flatMap { $0.isEmpty ? nil : " — \($0)" } ?? ""
            return "\(who ?? "?") is \(body["status"] as? String ?? "?")\(text)"
        case "typing.started", "typing.stopped":
            let verb = type == "typing.started" ? "is typing in" : "stopped typing in"
            return "\(who ?? "?") \(verb) \(body["channel"] as? String ?? "?")"
        case "focus.changed":
            return "\(who ?? "?") looks at \(body["object"] as? String ?? "nothing")"
        case "chat.message", "chat.edited", "chat.deleted", "chat.reaction", "chat.pinned", "chat.unpinned":
            let channel = body["channel"] as? String ?? "?"
            let place = channel.hasPrefix("@") ? "(direct)" : "#" + channel
            let change = type == "chat.message" ? "" : type.dropFirst("chat.".count) + " "
            let text = (body["deleted"] as? Bool) == true ? "(message deleted)" : body["text"] as? String ?? ""
            return "\(change)\(place) \(body["authorName"] as? String ?? "?"): \(text)"
        case "notification.new":
            return "notification: \(body["title"] as? String ?? "?") — \(body["body"] as? String ?? "")"
        default:
            return [type, who].compactMap { $0 }.joined(separator: " ")
        }
    }
}

struct TypingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "typing",
        abstract: "Tell the other nodes this node's user is typing in a channel (it shows for 3 s), or stopped.")
    @OptionGroup var options: ClientOptions
    @Argument(help: "The channel.") var channel: String
    @Option(help: "A thread's root message id, to type in the thread.") var thread: String?
    @Flag(help: "Stopped typing.") var stop = false

    func run() async throws {
        try await runClient(options) { client in
            let request = TypingRequest(channel: channel, thread: thread, stopped: stop ? true : nil)
            let data = try await client.request("POST", "v1/typing", body: request)
            if options.json { return Output.raw(data) }
        }
    }
}
