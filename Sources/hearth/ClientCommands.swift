import ArgumentParser
import Foundation
import HearthCLISupport
import HearthClient
import HearthModels
import HearthQR

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the node's id, network, storage and peers; set or clear the status others see.",
        subcommands: [Show.self, SetStatus.self, ClearStatus.self], defaultSubcommand: Show.self)
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the node's id, network, storage and peers.")
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await runClient(options) { client in
            let data = try await client.request("GET", "v1/status")
            if options.json { return Output.raw(data) }
            let status = try APIClient.decoder.decode(NodeStatus.self, from: data)
            Output.table([
                ("node", "\(status.name) (\(status.nodeID))"),
                ("network", "\(status.network) (tag \(status.networkTag))"),
                ("networks", status.networks.joined(separator: ", ")),
                ("listening", status.listen ?? "not listening"),
                ("ops stored", "\(status.opsStored) from \(status.authors) authors"),
                ("peers", "\(status.peers) connected"),
                ("signing", status.signing ? "yes" : "not yet: learning this node's own log from its peers"),
                ("data folder", status.dataFolder),
                ("up since", Output.time(status.startedAt, withDate: true)),
            ])
        }
    }
}

struct Peers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List connected peers with address, round-trip time and link age.")
    @OptionGroup var options: ClientOptions
    @Flag(help: "Also list every Hearth node seen on the LAN, of this network or another.") var all = false

    func run() async throws {
        try await runClient(options) { client in
            if all { return try await Self.listSeen(client, json: options.json) }
            let data = try await client.request("GET", "v1/peers")
            if options.json { return Output.raw(data) }
            let peers = try APIClient.decoder.decode([PeerSummary].self, from: data)
            guard !peers.isEmpty else { return print("no peers connected") }
            Output.columns(
                ["NAME", "ID", "ADDRESS", "DIRECTION", "RTT", "SINCE"],
                peers.map { peer in
                    [
                        peer.name, String(peer.id.prefix(8)), peer.address, peer.direction,
                        peer.roundTripMs.map { String(format: "%.2f ms", $0) } ?? "-",
                        Output.time(peer.connectedSince, withDate: false),
                    ]
                })
        }
    }
}

extension Peers {
    static func listSeen(_ client: APIClient, json: Bool) async throws {
        let data = try await client.request("GET", "v1/peers/discovered")
        if json { return Output.raw(data) }
        let seen = try APIClient.decoder.decode([DiscoveredPeer].self, from: data)
        guard !seen.isEmpty else { return print("no Hearth nodes seen on the LAN (is discovery on? see --mdns)") }
        Output.columns(
            ["NAME", "ID", "ADDRESSES", "NETWORK", "LINK"],
            seen.map { peer in
                [
                    peer.name, String(peer.id.prefix(8)), peer.addresses.joined(separator: " "),
                    peer.sameNetwork ? "this network" : "other network",
                    peer.connected ? "connected" : (peer.sameNetwork ? "not yet" : "never dialled"),
                ]
            })
    }
}

struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Print the invite that lets another node join this network.")
    @OptionGroup var options: ClientOptions
    @Flag(help: "Also draw it as a QR code, for a phone's camera (light on a dark terminal).") var qr = false

    func run() async throws {
        try await runClient(options) { client in
            let data = try await client.request("GET", "v1/invite")
            if options.json { return Output.raw(data) }
            let invite = try JSONDecoder().decode([String: String].self, from: data)["invite"] ?? ""
            if qr { print(try QRCode(encoding: invite).terminalLines().joined(separator: "\n")) }
            print(invite)
        }
    }
}
