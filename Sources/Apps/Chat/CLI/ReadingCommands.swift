import ArgumentParser
import Foundation
import HearthCLISupport
import HearthChatModels
import HearthClient

/// `hearth chat unread|mark-read|mark-unread|notify`.
extension Chat {
    struct Unread: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unread messages and mentions per channel and DM.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/chat/unread")
                if options.json { return Output.raw(data) }
                let summary = try APIClient.decoder.decode(ChatUnreadSummary.self, from: data)
                guard !summary.conversations.isEmpty else {
                    return print("nothing unread" + Unread.notifications(summary.unreadNotifications))
                }
                Output.columns(
                    ["WHERE", "UNREAD", "MENTIONS", "ID"],
                    summary.conversations.map { [$0.title, "\($0.unread)", "\($0.mentions)", $0.conversation] })
                print(Unread.notifications(summary.unreadNotifications).trimmingCharacters(in: .whitespaces))
            }
        }

        static func notifications(_ count: Int) -> String {
            count == 0 ? "" : "  \(count) unread notification\(count == 1 ? "" : "s"): hearth notifications"
        }
    }

    struct MarkRead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-read", abstract: "Mark a channel or DM read, up to its latest message or a given one.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "A channel, or a conversation id (@…) from 'hearth chat unread'.") var conversation: String
        @Option(help: "Up to and including this message id.") var to: String?

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request(
                    "POST", "v1/chat/read", body: MarkReadRequest(conversation: conversation, to: to))
                if options.json { return Output.raw(data) }
                let unread = try APIClient.decoder.decode(ChatUnread.self, from: data)
                print("\(unread.title): \(unread.unread) unread")
            }
        }
    }

    struct MarkUnread: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-unread", abstract: "Mark a message, and everything after it, unread.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The message id.") var id: String

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("POST", "v1/chat/messages/\(id)/unread")
                if options.json { return Output.raw(data) }
                let unread = try APIClient.decoder.decode(ChatUnread.self, from: data)
                print("\(unread.title): \(unread.unread) unread")
            }
        }
    }

    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set what notifies you in a channel or DM: all, mentions or none.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "A channel, or a conversation id (@…).") var conversation: String
        @Argument(help: "all, mentions (the default for channels) or none.") var level: String?

        func run() async throws {
            try await runClient(options) { client in
                let data =
                    if let level {
                        try await client.request(
                            "PUT", "v1/chat/notify", body: NotifyLevelRequest(conversation: conversation, level: level))
                    } else {
                        try await client.request(
                            "GET", "v1/chat/notify", query: [URLQueryItem(name: "conversation", value: conversation)])
                    }
                if options.json { return Output.raw(data) }
                let answer = try APIClient.decoder.decode(NotifyLevelRequest.self, from: data)
                print("\(answer.conversation): \(answer.level)")
            }
        }
    }
}

/// `hearth notifications`: the feed of mentions, DMs, replies and thread messages.
public struct Notifications: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        abstract: "Your notifications: mentions, DMs, replies, threads you wrote in.",
        subcommands: [List.self, Read.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List notifications, newest first.")
        @OptionGroup var options: ClientOptions
        @Flag(help: "Only unread ones.") var unread = false

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request(
                    "GET", "v1/notifications", query: unread ? [URLQueryItem(name: "unread", value: "true")] : [])
                if options.json { return Output.raw(data) }
                let list = try APIClient.decoder.decode([ChatNotification].self, from: data)
                guard !list.isEmpty else { return print(unread ? "no unread notifications" : "no notifications") }
                Output.columns(
                    ["ID", "", "WHEN", "WHAT", "MESSAGE"],
                    list.map { item in
                        [
                            "\(item.id)", item.read ? "" : "•", Output.time(item.message.time, withDate: true),
                            item.title + (item.held ? " (held: dnd)" : ""), item.body,
                        ]
                    })
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a notification read, or all of them.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The notification id.") var id: Int64?
        @Flag(help: "Every notification.") var all = false

        func validate() throws {
            guard (id == nil) != (!all) else { throw ValidationError("give a notification id or --all") }
        }

        func run() async throws {
            try await runClient(options) { client in
                let path = all ? "v1/notifications/read-all" : "v1/notifications/\(id ?? 0)/read"
                let data = try await client.request("POST", path)
                if options.json { return Output.raw(data) }
                let summary = try APIClient.decoder.decode(ChatUnreadSummary.self, from: data)
                print("\(summary.unreadNotifications) unread notifications left")
            }
        }
    }
}
