import ArgumentParser
import Foundation
import HearthCLISupport
import HearthChatModels
import HearthClient

/// `hearth dm …`: direct and group messages, sealed to their members.
public struct DirectMessages: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "dm", abstract: "Direct and group messages that only their members can read.",
        subcommands: [Send.self, List.self, Read.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a direct message (to up to 15 others).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Who: display names or id prefixes, comma-separated (bob,carol).") var to: String
        @Argument(help: "The message text.") var text: String
        @Option(name: .customLong("reply-to"), help: "Reply in the thread of this message id.") var replyTo: String?

        func run() async throws {
            try await runClient(options) { client in
                let members = to.split(separator: ",").map(String.init)
                let data = try await client.request(
                    "POST", "v1/chat/dms/messages", body: SendDirectRequest(to: members, text: text, replyTo: replyTo))
                if options.json { return Output.raw(data) }
                print(try APIClient.decoder.decode(ChatMessage.self, from: data).id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your conversations, the latest first.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/chat/dms")
                if options.json { return Output.raw(data) }
                let conversations = try APIClient.decoder.decode([ChatConversation].self, from: data)
                guard !conversations.isEmpty else { return print("no direct messages yet: hearth dm send NAME TEXT") }
                Output.columns(
                    ["WITH", "MESSAGES", "LAST"],
                    conversations.map { conversation in
                        [
                            conversation.members.map(\.name).joined(separator: ", "), "\(conversation.messages)",
                            conversation.lastMessage.map { "\($0.authorName): \($0.deleted ? "(deleted)" : $0.text)" }
                                ?? "",
                        ]
                    })
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a conversation's latest messages.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Who: display names or id prefixes, comma-separated; or a conversation id (@…).") var with:
            String
        @Option(help: "How many messages (1–1000).") var limit = 50
        @Option(help: "Only messages before this message id.") var before: String?
        @Flag(name: .customLong("keep-unread"), help: "Do not mark what is shown read.") var keepUnread = false

        func run() async throws {
            try await runClient(options) { client in
                var query = [URLQueryItem(name: "limit", value: "\(limit)")]
                if let before { query.append(URLQueryItem(name: "before", value: before)) }
                let members = with.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? with
                let data = try await client.request("GET", "v1/chat/dms/\(members)/messages", query: query)
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
}
