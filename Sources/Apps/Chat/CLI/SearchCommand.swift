import ArgumentParser
import Foundation
import HearthCLISupport
import HearthChatModels
import HearthClient

/// `hearth search`: every message this node can read, its DMs included.
public struct Search: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        abstract: "Search the messages this node can read (words and \"phrases\"; in:, from:, before:, after:).")
    @OptionGroup var options: ClientOptions
    @Argument(help: "Words, \"phrases\", word* for a prefix.") var query: String
    @Option(help: "Only this channel (or conversation id @…).") var `in`: String?
    @Option(help: "Only messages by this member (name or id prefix).") var from: String?
    @Option(help: "Only messages before this date (2026-12-01, UTC) or instant.") var before: String?
    @Option(help: "Only messages from this date or instant on.") var after: String?
    @Option(help: "At most this many results (1–500).") var limit = 50

    public func run() async throws {
        try await runClient(options) { client in
            var items = [URLQueryItem(name: "q", value: query), URLQueryItem(name: "limit", value: "\(limit)")]
            for (name, value) in [("in", `in`), ("from", from), ("before", before), ("after", after)] {
                if let value { items.append(URLQueryItem(name: name, value: value)) }
            }
            let data = try await client.request("GET", "v1/search", query: items)
            if options.json { return Output.raw(data) }
            let hits = try APIClient.decoder.decode([ChatSearchHit].self, from: data)
            guard !hits.isEmpty else { return print("nothing found") }
            for hit in hits {
                let place = hit.message.channel.hasPrefix("@") ? "(direct)" : "#" + hit.message.channel
                print(
                    "\(Output.time(hit.message.time, withDate: true))  \(place)  \(hit.message.authorName): \(hit.snippet)  [\(hit.message.id)]"
                )
            }
        }
    }
}
