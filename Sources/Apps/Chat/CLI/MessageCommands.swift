import ArgumentParser
import Foundation
import HearthCLISupport
import HearthChatModels
import HearthClient

/// `hearth chat react|edit|delete|pin|unpin|pins`: what happens to a message after it is sent.
extension Chat {
    struct React: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add your reaction to a message, or take it back.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The message id.") var id: String
        @Argument(help: "An emoji, or a short word such as +1.") var emoji: String

        func run() async throws {
            try await Chat.changeMessage(options, "POST", "v1/chat/messages/\(id)/reactions", body: ["emoji": emoji])
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the text of one of your messages.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The message id.") var id: String
        @Argument(help: "The new text.") var text: String

        func run() async throws {
            try await Chat.changeMessage(options, "PATCH", "v1/chat/messages/\(id)", body: ["text": text])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete one of your messages: its text is wiped on every node.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The message id.") var id: String

        func run() async throws { try await Chat.changeMessage(options, "DELETE", "v1/chat/messages/\(id)") }
    }

    struct Pin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pin a message to its channel.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The message id.") var id: String

        func run() async throws { try await Chat.changeMessage(options, "PUT", "v1/chat/messages/\(id)/pin") }
    }

    struct Unpin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unpin a message.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The message id.") var id: String

        func run() async throws { try await Chat.changeMessage(options, "DELETE", "v1/chat/messages/\(id)/pin") }
    }

    struct Pins: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a channel's pinned messages.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The channel.") var channel: String

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/chat/channels/\(channel)/pins")
                if options.json { return Output.raw(data) }
                let pins = try APIClient.decoder.decode([ChatMessage].self, from: data)
                guard !pins.isEmpty else { return print("no pinned messages in #\(channel)") }
                for message in pins { print(ChatOutput.message(message)) }
            }
        }
    }

    /// Sends one change of a message and prints the message as it is now.
    static func changeMessage(
        _ options: ClientOptions, _ method: String, _ path: String, body: [String: String]? = nil
    ) async throws {
        try await runClient(options) { client in
            let data = try await client.request(method, path, body: body)
            if options.json { return Output.raw(data) }
            print(ChatOutput.message(try APIClient.decoder.decode(ChatMessage.self, from: data)))
        }
    }
}
