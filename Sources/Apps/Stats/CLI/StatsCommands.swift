import ArgumentParser
import Foundation
import HearthCLISupport
import HearthClient
import HearthStatsModels

/// `hearth stats …`: game servers' logs read into match records, leaderboards, live matches.
public struct Stats: AsyncParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        abstract: "Game stats for LAN parties: follow a game server's log, leaderboards, players, live matches.",
        subcommands: [
            WatchLog.self, Unwatch.self, Watches.self, Ingest.self, Live.self, Board.self, Player.self, Matches.self,
            Match.self, Claim.self, Servers.self,
        ])

    struct WatchLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch-log",
            abstract: "Follow a game server's games.log (like tail -F, across restarts): every match is shared.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The log file (e.g. ~/.openarena/baseoa/games.log).") var path: String
        @Option(help: "The game server, HOST:PORT (names the matches).") var server: String

        func run() async throws {
            struct Body: Encodable {
                var path: String
                var server: String
            }
            let path = URL(fileURLWithPath: self.path).standardizedFileURL.path
            try await runClient(options) { client in
                let data = try await client.request("POST", "v1/stats/watches", body: Body(path: path, server: server))
                if options.json { return Output.raw(data) }
                print("following \(path) for \(server)")
            }
        }
    }

    struct Unwatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop following a log.")
        @OptionGroup var options: ClientOptions
        @Argument var path: String

        func run() async throws {
            let path = URL(fileURLWithPath: self.path).standardizedFileURL.path
            try await runClient(options) { client in
                let data = try await client.request(
                    "DELETE", "v1/stats/watches", query: [URLQueryItem(name: "path", value: path)])
                if options.json { return Output.raw(data) }
                print("no longer following \(path)")
            }
        }
    }

    struct Watches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The logs this node follows.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/stats/watches")
                if options.json { return Output.raw(data) }
                let watches = try APIClient.decoder.decode([StatsWatch].self, from: data)
                guard !watches.isEmpty else {
                    return print("no log followed: hearth stats watch-log PATH --server HOST:PORT")
                }
                Output.columns(
                    ["LOG", "SERVER", "MATCH AT BYTE"], watches.map { [$0.path, $0.server, "\($0.offset)"] })
            }
        }
    }

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a whole log once (an old games.log) and share every match in it the network lacks.")
        @OptionGroup var options: ClientOptions
        @Argument var path: String
        @Option(help: "The game server, HOST:PORT (names the matches).") var server = "unknown"

        func run() async throws {
            struct Body: Encodable {
                var path: String
                var server: String
            }
            struct Answer: Decodable {
                var signed: Int
                var known: Int
                var refused: [String]?
            }
            let path = URL(fileURLWithPath: self.path).standardizedFileURL.path
            try await runClient(options) { client in
                let data = try await client.request("POST", "v1/stats/ingest", body: Body(path: path, server: server))
                if options.json { return Output.raw(data) }
                let answer = try APIClient.decoder.decode(Answer.self, from: data)
                print("\(answer.signed) matches shared, \(answer.known) known already")
                let refused = answer.refused ?? []
                if !refused.isEmpty {
                    print("\(refused.count) not shared: " + Set(refused).sorted().joined(separator: "; "))
                }
            }
        }
    }

    struct Live: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Matches under way: scoreboards and the latest kills.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/stats/live")
                if options.json { return Output.raw(data) }
                let matches = try APIClient.decoder.decode([StatsLiveMatch].self, from: data)
                guard !matches.isEmpty else { return print("no match under way") }
                for match in matches {
                    let teams = match.teamScores.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    print(
                        "\(match.serverName.isEmpty ? match.server : StatsText.plain(match.serverName))  \(match.map)  \(match.mode)  \(StatsText.clock(match.gameSeconds))"
                            + (teams.isEmpty ? "" : "  " + teams.joined(separator: " · ")))
                    Output.columns(
                        ["PLAYER", "SCORE", "FRAGS", "DEATHS"],
                        match.players.map { [StatsText.plain($0.name), "\($0.score)", "\($0.frags)", "\($0.deaths)"] })
                    for kill in match.recent {
                        print("  \(StatsText.clock(kill.second))  \(StatsText.kill(kill))")
                    }
                }
            }
        }
    }

    struct Board: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Leaderboards: by rating, then kills.")
        @OptionGroup var options: ClientOptions
        @Option(help: "ffa, 1v1, tdm, ctf, a g_gametype number, or all.") var mode = "all"
        @Option(help: "Only matches since this date (2026-12-01).") var since: String?

        func run() async throws {
            try await runClient(options) { client in
                var query = [URLQueryItem(name: "mode", value: mode)]
                if let since { query.append(URLQueryItem(name: "since", value: since)) }
                let data = try await client.request("GET", "v1/stats/board", query: query)
                if options.json { return Output.raw(data) }
                let board = try APIClient.decoder.decode(StatsBoard.self, from: data)
                guard !board.rows.isEmpty else { return print("no matches yet") }
                print("\(board.mode): \(board.matches) matches")
                Output.columns(
                    ["PLAYER", "RATING", "MATCHES", "WINS", "KILLS", "DEATHS", "K/D", "KPM", "STREAK"],
                    board.rows.map { row in
                        [
                            StatsText.plain(row.name)
                                + (row.claimedBy.isEmpty
                                    ? "" : " (\(row.claimedBy.map(\.name).joined(separator: ", ")))"),
                            row.rating.map { String(format: "%.0f ± %.0f", $0.rating, $0.deviation) } ?? "-",
                            "\(row.matches)", "\(row.wins)", "\(row.kills)", "\(row.deaths)",
                            String(format: "%.2f", row.killDeathRatio), String(format: "%.2f", row.killsPerMinute),
                            "\(row.bestStreak)",
                        ]
                    })
            }
        }
    }

    struct Player: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A player's profile and past matches.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The game name (colour codes may be left out).") var name: String

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/stats/players/\(name)")
                if options.json { return Output.raw(data) }
                let profile = try APIClient.decoder.decode(StatsProfile.self, from: data)
                let totals = profile.totals
                print(
                    StatsText.plain(profile.name)
                        + (profile.claimedBy.isEmpty
                            ? "" : "  is \(profile.claimedBy.map(\.name).joined(separator: ", "))"))
                Output.table([
                    ("matches", "\(totals.matches) (\(totals.wins) won)"),
                    ("kills / deaths", "\(totals.kills) / \(totals.deaths)"),
                    ("K/D", String(format: "%.2f", totals.killDeathRatio)),
                    ("kills per minute", String(format: "%.2f", totals.killsPerMinute)),
                    ("best streak", "\(totals.bestStreak)"),
                    (
                        "ratings",
                        profile.ratings.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value.rating))" }.joined(
                            separator: ", ")
                    ),
                    ("favourite weapon", profile.weapons.first?.name ?? "-"),
                    ("nemesis", profile.nemesis.map(StatsText.plain) ?? "-"),
                    ("favourite victim", profile.favouriteVictim.map(StatsText.plain) ?? "-"),
                ])
                Output.columns(
                    ["WHEN", "MAP", "MODE", "SCORE", "FRAGS", "DEATHS", "PLACE", "RESULT"],
                    profile.matches.suffix(20).reversed().map { match in
                        [
                            Output.time(match.date, withDate: true), match.map, match.mode, "\(match.score)",
                            "\(match.frags)",
                            "\(match.deaths)", "\(match.placement)/\(match.players)", match.result,
                        ]
                    })
            }
        }
    }

    struct Matches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest matches.")
        @OptionGroup var options: ClientOptions
        @Option(help: "ffa, 1v1, tdm, ctf or a g_gametype number.") var mode: String?
        @Option(help: "At most this many.") var limit = 20

        func run() async throws {
            try await runClient(options) { client in
                var query = [URLQueryItem(name: "limit", value: "\(limit)")]
                if let mode { query.append(URLQueryItem(name: "mode", value: mode)) }
                let data = try await client.request("GET", "v1/stats/matches", query: query)
                if options.json { return Output.raw(data) }
                let matches = try APIClient.decoder.decode([StatsMatchSummary].self, from: data)
                guard !matches.isEmpty else { return print("no matches yet") }
                Output.columns(
                    ["WHEN", "SERVER", "MAP", "MODE", "PLAYERS", "WINNER", "ID"],
                    matches.map { match in
                        [
                            Output.time(match.startedAt, withDate: true),
                            StatsText.plain(match.serverName.isEmpty ? match.server : match.serverName),
                            match.map, match.mode + (match.aborted ? " (aborted)" : ""), "\(match.players)",
                            match.winner.map(StatsText.plain) ?? "-", match.id,
                        ]
                    })
            }
        }
    }

    struct Match: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One match: the final scoreboard and its kills.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func run() async throws {
            try await runClient(options) { client in
                let data = try await client.request("GET", "v1/stats/matches/\(id)")
                if options.json { return Output.raw(data) }
                let match = try APIClient.decoder.decode(StatsMatchDetail.self, from: data)
                let record = match.record
                print(
                    "\(StatsText.plain(record.serverName))  \(record.map)  \(match.summary.mode)  \(Output.time(record.startedAt, withDate: true))  "
                        + (record.exitReason ?? "aborted"))
                Output.columns(
                    ["PLAYER", "TEAM", "SCORE", "FRAGS", "DEATHS", "SUICIDES"],
                    record.players.map {
                        [
                            StatsText.plain($0.name), StatsText.team($0.team), "\($0.score)", "\($0.frags)",
                            "\($0.deaths)", "\($0.suicides)",
                        ]
                    })
                print("\(record.kills.count) kills")
            }
        }
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say that a game name is you (or no longer, with --undo).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The game name, as the game writes it (colour codes included).") var name: String
        @Flag(help: "Give the name up.") var undo = false

        func run() async throws {
            struct Body: Encodable {
                var name: String
                var claimed: Bool
            }
            try await runClient(options) { client in
                let data = try await client.request("POST", "v1/stats/claims", body: Body(name: name, claimed: !undo))
                if options.json { return Output.raw(data) }
                print(undo ? "\(name) is no longer claimed by you" : "\(name) is you on every node")
            }
        }
    }

    struct Servers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Game servers' status as the nodes poll them; add or remove one this node polls.",
            subcommands: [List.self, Add.self, Remove.self, Scan.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every game server the nodes poll, live.")
            @OptionGroup var options: ClientOptions

            func run() async throws {
                try await runClient(options) { client in
                    let data = try await client.request("GET", "v1/stats/servers")
                    if options.json { return Output.raw(data) }
                    let servers = try APIClient.decoder.decode([StatsServer].self, from: data)
                    guard !servers.isEmpty else {
                        return print("no game server known: hearth stats servers add HOST:PORT")
                    }
                    Output.columns(
                        ["SERVER", "NAME", "MAP", "MODE", "PLAYERS", "STATE"],
                        servers.map { server in
                            [
                                server.address, StatsText.plain(server.hostname), server.map, server.mode,
                                "\(server.players.count)/\(server.maxClients)",
                                server.answering ? "up" : "not answering",
                            ]
                        })
                }
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Poll a game server from this node (getstatus every 2 s) and share its status.")
            @OptionGroup var options: ClientOptions
            @Argument(help: "HOST:PORT, e.g. 10.0.0.5:27960.") var address: String

            func run() async throws {
                struct Body: Encodable { var address: String }
                try await runClient(options) { client in
                    let data = try await client.request("POST", "v1/stats/servers", body: Body(address: address))
                    if options.json { return Output.raw(data) }
                    print("polling \(address)")
                }
            }
        }

        struct Scan: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Find Quake III servers on the LAN: getinfo broadcast on the node's LAN interfaces, ports 27960-27963."
            )
            @OptionGroup var options: ClientOptions
            @Flag(help: "Poll every server found from this node.") var add = false

            func run() async throws {
                try await runClient(options) { client in
                    let data = try await client.request(
                        "POST", "v1/stats/servers/scan", query: add ? [URLQueryItem(name: "add", value: "true")] : [])
                    if options.json { return Output.raw(data) }
                    let servers = try APIClient.decoder.decode([StatsFoundServer].self, from: data)
                    guard !servers.isEmpty else { return print("no game server answered on the LAN") }
                    Output.columns(
                        ["SERVER", "NAME", "MAP", "MODE", "PLAYERS", "POLLED"],
                        servers.map { server in
                            [
                                server.address, StatsText.plain(server.hostname), server.map, server.mode,
                                "\(server.clients)/\(server.maxClients)", server.polled ? "yes" : "no",
                            ]
                        })
                    if !add, servers.contains(where: { !$0.polled }) {
                        print("poll them with: hearth stats servers scan --add (or servers add HOST:PORT)")
                    }
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop polling a game server from this node.")
            @OptionGroup var options: ClientOptions
            @Argument var address: String

            func run() async throws {
                try await runClient(options) { client in
                    let data = try await client.request(
                        "DELETE", "v1/stats/servers", query: [URLQueryItem(name: "address", value: address)])
                    if options.json { return Output.raw(data) }
                    print("no longer polling \(address)")
                }
            }
        }
    }
}

/// How game text shows in a terminal.
enum StatsText {
    /// A name without Quake colour codes (`^1Sarge` → `Sarge`).
    static func plain(_ name: String) -> String {
        var out = ""
        var iterator = name.makeIterator()
        while let character = iterator.next() {
            if character == "^" {
                guard let next = iterator.next() else { break }
                if next == "^" { out.append("^") } else if !next.isNumber { out.append(next) }
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds)
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }

    static func team(_ team: Int) -> String {
        switch team {
        case 1: "red"
        case 2: "blue"
        case 3: "spectator"
        default: "-"
        }
    }

    static func kill(_ kill: StatsLiveMatch.Kill) -> String {
        let weapon = kill.weapon.replacingOccurrences(of: "MOD_", with: "").lowercased()
        guard let killer = kill.killer else { return "\(plain(kill.victim)) died (\(weapon))" }
        if killer == kill.victim { return "\(plain(killer)) killed themselves (\(weapon))" }
        return "\(plain(killer)) killed \(plain(kill.victim)) (\(weapon))"
    }
}
