import ArgumentParser
import Foundation
import HearthCLISupport
import HearthClient
import HearthObjectsModels

/// `hearth object …`: CRDT objects (text, lists, maps, sets, counters) shared by every member.
public struct Object: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "object",
        abstract: "Shared CRDT objects: text, lists with move, maps, sets and counters.",
        subcommands: [List.self, Create.self, Show.self, Edit.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the objects, newest first.")
        @OptionGroup var options: ClientOptions
        @Option(help: "How many objects (1–1000).") var limit = 100

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request(
                    "GET", "v1/objects", query: [URLQueryItem(name: "limit", value: "\(limit)")])
                if options.json { return Output.raw(data) }
                let objects = try APIClient.decoder.decode([ReplicatedObject].self, from: data)
                guard !objects.isEmpty else {
                    return print("no objects yet: create one with 'hearth object create text --title NAME'")
                }
                Output.columns(
                    ["ID", "KIND", "OPS", "CREATED", "TITLE"],
                    objects.map {
                        [$0.id, $0.kind.rawValue, "\($0.ops)", Output.time($0.created, withDate: true), $0.title]
                    })
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an empty object; prints its id.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "text, list, map, set or counter.") var kind: ObjectKind
        @Option(help: "A title (up to 200 characters).") var title: String?

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request(
                    "POST", "v1/objects", body: CreateObjectRequest(kind: kind, title: title))
                if options.json { return Output.raw(data) }
                print(try APIClient.decoder.decode(ReplicatedObject.self, from: data).id)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an object's value.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The object's id.") var id: String

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/objects/\(try Object.checked(id))")
                if options.json { return Output.raw(data) }
                Object.show(try APIClient.decoder.decode(ReplicatedObject.self, from: data))
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit an object; prints its new value.",
            discussion: """
                text: insert --text T [--at N] · delete --at N --count N
                list: insert --value V [--at N] · move --from N --to N · delete --at N
                map: set --key K --value V · remove --key K
                set: add --value V · remove --value V
                counter: add --amount N (negative to subtract)
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "The object's id.") var id: String
        @Argument(help: "insert, delete, move, set, remove or add (by the object's kind).") var action: String
        @Option(help: "A position (0 is the start).") var at: Int?
        @Option(help: "How many characters to delete.") var count: Int?
        @Option(help: "Text to insert.") var text: String?
        @Option(help: "A list item, map value or set element.") var value: String?
        @Option(help: "A map key.") var key: String?
        @Option(help: "The index of the list item to move.") var from: Int?
        @Option(help: "Where the moved item ends up.") var to: Int?
        @Option(
            help: "What to add to a counter.",
            transform: { raw in
                guard let amount = Int64(raw) else { throw ValidationError("--amount takes an integer") }
                return amount
            }) var amount: Int64?

        func run() async throws {
            let edit = ObjectEditRequest(
                action: action, at: at, count: count, text: text, value: value, key: key, from: from, to: to,
                amount: amount)
            try await runClient(options) { client in
                let data = try await client.request("POST", "v1/objects/\(try Object.checked(id))/edits", body: edit)
                if options.json { return Output.raw(data) }
                Object.show(try APIClient.decoder.decode(ReplicatedObject.self, from: data))
            }
        }
    }

    /// Refuses what cannot be an object id before it goes into a URL path.
    static func checked(_ id: String) throws -> String {
        guard !id.isEmpty,
            id.utf8.allSatisfy({
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20)
                    || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains($0)
            })
        else { throw ValidationError("'\(id.prefix(80))' is not an object id ('hearth object list' shows them)") }
        return id
    }

    static func show(_ object: ReplicatedObject) {
        switch object.value {
        case .text(let text): print(text)
        case .list(let items), .set(let items): for item in items { print(item) }
        case .map(let entries): Output.table(entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        case .counter(let value): print(value)
        case nil: break
        }
    }
}

extension ObjectKind: ExpressibleByArgument {}
