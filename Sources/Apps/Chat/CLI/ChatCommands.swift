import ArgumentParser
import Foundation
import HearthCLISupport
import HearthChatModels
import HearthClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `hearth chat …`: the chat app's command group.
public struct Chat: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        abstract: "Channels, messages and threads.",
        subcommands: [
            Channels.self, Create.self, Send.self, Read.self, Tail.self, Thread.self, React.self, Edit.self,
            Delete.self, Pin.self, Unpin.self, Pins.self, Unread.self, MarkRead.self, MarkUnread.self, Notify.self,
        ])

    struct Channels: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the channels.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/chat/channels")
                if options.json { return Output.raw(data) }
                let channels = try APIClient.decoder.decode([ChatChannel].self, from: data)
                guard !channels.isEmpty else {
                    return print("no channels yet: create one with 'hearth chat create NAME'")
                }
                Output.columns(
                    ["CHANNEL", "MESSAGES", "TOPIC"], channels.map { ["#" + $0.name, "\($0.messages)", $0.topic] })
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a channel (or set the topic of one).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Channel name: lowercase letters, digits, '-' or '_'.") var name: String
        @Option(help: "The channel's topic.") var topic: String?

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request(
                    "POST", "v1/chat/channels", body: ["name": name, "topic": topic].compactMapValues { $0 })
                if options.json { return Output.raw(data) }
                let channel = try APIClient.decoder.decode(ChatChannel.self, from: data)
                print("#\(channel.name)" + (channel.topic.isEmpty ? "" : " — \(channel.topic)"))
            }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a message to a channel.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The channel.") var channel: String
        @Argument(help: "The message text.") var text: String
        @Option(name: .customLong("reply-to"), help: "Reply in the thread of this message id.") var replyTo: String?

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request(
                    "POST", "v1/chat/channels/\(channel)/messages",
                    body: ["text": text, "replyTo": replyTo].compactMapValues { $0 })
                if options.json { return Output.raw(data) }
                print(try APIClient.decoder.decode(ChatMessage.self, from: data).id)
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a channel's latest messages, oldest first.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The channel.") var channel: String
        @Option(help: "How many messages (1–1000).") var limit = 50
        @Option(help: "Only messages before this message id (for paging back).") var before: String?
        @Flag(name: .customLong("keep-unread"), help: "Do not mark what is shown read.") var keepUnread = false

        func run() async throws {
            try await runClient(options) { client in
                var query = [URLQueryItem(name: "limit", value: "\(limit)")]
                if let before { query.append(URLQueryItem(name: "before", value: before)) }
                let data = try await client.request("GET", "v1/chat/channels/\(channel)/messages", query: query)
                let messages = try APIClient.decoder.decode([ChatMessage].self, from: data)
                if options.json {
                    Output.raw(data)
                } else {
                    for message in messages { print(ChatOutput.message(message)) }
                }
                if !keepUnread { try await Chat.markShownRead(messages, client: client) }
            }
        }
    }

    struct Thread: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a message's thread.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Any message id of the thread.") var id: String

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/chat/messages/\(id)/thread")
                if options.json { return Output.raw(data) }
                let thread = try APIClient.decoder.decode(ChatThread.self, from: data)
                print(ChatOutput.message(thread.root))
                for reply in thread.replies { print(ChatOutput.message(reply, indent: true)) }
            }
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a channel's recent messages, then follow new ones live (Ctrl-C to stop).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The channel.") var channel: String
        @Option(help: "How many recent messages to show first.") var last = 10

        func run() async throws {
            try await runClient(options) { client in
                let (json, channel, last) = (options.json, channel, last)
                let seen = SeenMessages()
                try await client.followEvents(subscribed: {
                    let history = try await client.request(
                        "GET", "v1/chat/channels/\(channel)/messages",
                        query: [URLQueryItem(name: "limit", value: "\(last)")])
                    for message in try APIClient.decoder.decode([ChatMessage].self, from: history)
                    where seen.insert(message.id) {
                        Tail.show(message, json: json)
                    }
                }) { type, text in
                    guard let event = try? APIClient.decoder.decode(Event.self, from: Data(text.utf8)) else { return }
                    if let typist = event.typing, typist.channel == channel {
                        Tail.show(typist, started: type == "typing.started", json: json ? text : nil)
                    } else if let message = event.message, message.channel == channel {
                        if let change = Tail.change(type) {
                            if json { print(text) } else { print("~ \(change): " + ChatOutput.message(message)) }
                            fflush(nil)
                        } else if seen.insert(message.id) {
                            Tail.show(message, json: json)
                        }
                    }
                }
            }
        }

        private struct Event: Decodable {
            var message: ChatMessage?
            var typing: Typist?
        }

        /// What a changed message's event means, for its line.
        static func change(_ type: String) -> String? {
            switch type {
            case "chat.edited": "edited"
            case "chat.deleted": "deleted"
            case "chat.reaction": "reactions"
            case "chat.pinned": "pinned"
            case "chat.unpinned": "unpinned"
            default: nil
            }
        }

        /// Someone typing (`typing.started`, `typing.stopped`).
        struct Typist: Decodable {
            var id: String
            var name: String
            var channel: String
            var thread: String?
        }

        /// The message ids shown so far (history and live events may both bring one).
        final class SeenMessages: @unchecked Sendable {
            private var ids = Set<String>()
            private let lock = NSLock()

            func insert(_ id: String) -> Bool { lock.withLock { ids.insert(id).inserted } }
        }

        static func show(_ typist: Typist, started: Bool, json: String?) {
            if let json {
                print(json)
            } else {
                let who = typist.name.isEmpty ? String(typist.id.prefix(8)) : typist.name
                let place = typist.thread.map { " in thread \($0)" } ?? ""
                print(started ? "\(who) is typing\(place)…" : "\(who) stopped typing\(place)")
            }
            fflush(nil)
        }

        /// A message line; with `--json`, shaped as the event stream's `chat.message` events, so
        /// that every line of the output is an event (`type` and its value).
        static func show(_ message: ChatMessage, json: Bool) {
            struct Shown: Encodable {
                var type = "chat.message"
                var message: ChatMessage
            }
            if json, let data = try? JSONEncoder.hearth.encode(Shown(message: message)) {
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(ChatOutput.message(message))
            }
            fflush(nil)
        }
    }
}

extension Chat {
    /// Marks read what a command showed (up to its last message), as opening a channel does.
    static func markShownRead(_ messages: [ChatMessage], client: APIClient) async throws {
        guard let last = messages.last else { return }
        _ = try await client.request(
            "POST", "v1/chat/read", body: MarkReadRequest(conversation: last.channel, to: last.id))
    }
}

extension JSONEncoder {
    static let hearth: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

/// How the chat commands print messages.
enum ChatOutput {
    /// One chat message on one line: time, author, text, id, reply and thread marks.
    static func message(_ message: ChatMessage, indent: Bool = false) -> String {
        let text = message.deleted ? "(message deleted)" : message.text + (message.edited == nil ? "" : " (edited)")
        var line =
            "\(Output.time(message.time, withDate: false))  \(indent ? "  ↳ " : "")\(message.pinned ? "📌 " : "")\(message.authorName): \(text)"
        if !message.reactions.isEmpty {
            line += "  " + message.reactions.map { "\($0.emoji) \($0.count)" }.joined(separator: "  ")
        }
        line += "  [\(message.id)"
        if let replyTo = message.replyTo, !indent { line += ", reply to \(replyTo)" }
        if message.replies > 0 { line += ", \(message.replies) \(message.replies == 1 ? "reply" : "replies")" }
        return line + "]"
    }
}
