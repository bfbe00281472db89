import Foundation
import Testing

/// Discovery on a virtual LAN (network namespaces on a bridge, `scripts/lan`): real `hearth up`
/// processes with the built-in mDNS responder, no `--peer` anywhere.
@Suite(
    .serialized,
    .disabled(if: VirtualLAN.unavailable != nil, "needs root and iproute2 for network namespaces (see VirtualLAN)"))
struct LANDiscoveryTests {
    func startAll(_ nodes: [NodeProcess], network: String = "testnet", passphrase: String = "test passphrase")
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { try await node.start(passphrase: passphrase, network: network) } }
            try await group.waitForAll()
        }
    }

    /// What `hearth peers --all` lists; throws (rather than answering "nothing") when the
    /// command fails, so that an empty list really means nothing is seen.
    func seen(by node: NodeProcess) throws -> [[String: Any]] {
        let json = try node.cli("peers", "--all", "--json")
        guard let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw TestFailure("peers --all did not print a list: \(json)")
        }
        return list
    }

    @Test func threeHostsFindEachOtherAndDeliverAChatWithinThreeSeconds() async throws {
        let lan = try VirtualLAN(hosts: 3)
        defer { lan.shutdown() }
        let nodes = (1...3).map { lan.node("node\($0)", on: $0) }
        try await startAll(nodes)
        // From the moment every node is up (the processes' own start-up is not discovery's).
        let started = Date()
        let linked = try await eventually(timeout: 3 - Date().timeIntervalSince(started)) {
            nodes.allSatisfy { $0.peerCount() == 2 }
        }
        #expect(linked, "all three linked \(Date().timeIntervalSince(started)) s after start")
        try nodes[0].cli("chat", "create", "general")
        try nodes[0].cli("chat", "send", "general", "gg from h1")
        let delivered = try await eventually(timeout: max(0.2, 3 - Date().timeIntervalSince(started))) {
            nodes.allSatisfy { $0.texts("general").contains("gg from h1") }
        }
        #expect(delivered, "the message was everywhere \(Date().timeIntervalSince(started)) s after start")
    }

    @Test func inALineTheFarHostsPresenceComesThroughTheMiddleAndGoesWhenItIsKilled() async throws {
        let lan = try VirtualLAN(hosts: 3)
        defer { lan.shutdown() }
        try lan.block(1, 3)  // h1 – h2 – h3
        let nodes = (1...3).map { lan.node("line\($0)", on: $0) }
        try await startAll(nodes)
        #expect(try await eventually { nodes[0].presence(of: "line3")?.status == "online" })
        #expect(try await eventually { nodes[1].peerCount() == 2 })
        #expect(nodes[0].peerCount() == 1, "h1 has no link to h3: it learns of h3 through h2")
        nodes[2].stop(kill: true)
        #expect(try await eventually { nodes[0].presence(of: "line3")?.status == "offline" })
    }

    @Test func aNodeOfAnotherNetworkIsListedButNeverLinked() async throws {
        let lan = try VirtualLAN(hosts: 3)
        defer { lan.shutdown() }
        let ours = [lan.node("ours1", on: 1), lan.node("ours2", on: 2)]
        let stranger = lan.node("stranger", on: 3)
        try await startAll(ours)
        try await stranger.start(passphrase: "another passphrase", network: "othernet")
        let listed = try await eventually(timeout: 10) {
            try seen(by: ours[0]).contains {
                $0["name"] as? String == "stranger [\(stranger.shortID)]" && $0["sameNetwork"] as? Bool == false
            }
        }
        #expect(listed, "h1 lists the stranger as another network: \((try? seen(by: ours[0])) ?? [])")
        #expect(try await eventually(timeout: 10) { ours[0].peerCount() == 1 })
        try ours[0].cli("chat", "create", "general")
        try ours[0].cli("chat", "send", "general", "for our network only")
        #expect(try await eventually(timeout: 5) { ours[1].texts("general").contains("for our network only") })
        #expect(
            try stranger.cli("peers", "--json").trimmingCharacters(in: .whitespacesAndNewlines) == "[]",
            "never dialled, never linked")
        let readFailure = #expect(throws: TestFailure.self) { try stranger.cli("chat", "read", "general") }
        #expect(readFailure?.description.contains("no channel 'general'") == true, "not even the channel reached it")
        #expect(!stranger.stderrLog.contains("handshake"), "nobody even tried: \(stranger.stderrLog)")
    }

    @Test func aStoppedNodeSaysGoodbyeAndIsDroppedWithinASecond() async throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.shutdown() }
        let nodes = [lan.node("stays", on: 1), lan.node("leaves", on: 2)]
        try await startAll(nodes)
        #expect(try await eventually(timeout: 10) { try seen(by: nodes[0]).count == 1 })
        nodes[1].stop()
        let stopped = Date()
        let dropped = try await eventually(timeout: 1.5) { try seen(by: nodes[0]).isEmpty }
        #expect(dropped, "dropped \(Date().timeIntervalSince(stopped)) s after the goodbye")
    }

    @Test func anIndependentMDNSClientSeesTheServiceAndItsTXTRecords() async throws {
        let python = ProcessInfo.processInfo.environment["HEARTH_PYTHON"] ?? ".venv/bin/python"
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.shutdown() }
        let node = lan.node("announced", on: 1)
        try await node.start()
        let browse = """
            import sys, time
            from zeroconf import Zeroconf, ServiceBrowser, IPVersion
            found = {}
            class Listener:
                def add_service(self, zc, kind, name):
                    info = zc.get_service_info(kind, name, timeout=3000)
                    if info: found[name] = info
                def update_service(self, zc, kind, name): self.add_service(zc, kind, name)
                def remove_service(self, zc, kind, name): pass
            zc = Zeroconf(interfaces=["10.77.0.2"], ip_version=IPVersion.V4Only)
            ServiceBrowser(zc, "_hearth._tcp.local.", Listener())
            deadline = time.time() + 8
            while not found and time.time() < deadline: time.sleep(0.05)
            for name, info in found.items():
                props = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
                print(name, info.port, ",".join(info.parsed_addresses()), props.get("v"), props.get("id"), props.get("net"))
            zc.close()
            """
        let python3 =
            python.hasPrefix("/")
            ? python
            : URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(python).path
        let output = try lan.run(on: 2, [python3, "-c", browse])
        let status =
            try JSONSerialization.jsonObject(with: Data(try node.cli("status", "--json").utf8)) as? [String: Any]
        let id = status?["nodeID"] as? String ?? "?"
        #expect(output.contains("._hearth._tcp.local. 7070 10.77.0.1 1 \(id) "), "zeroconf saw: \(output)")
        #expect(
            output.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).count } == 16)
    }

    @Test func malformedMDNSPacketsAreIgnoredAndDiscoveryGoesOn() async throws {
        let lan = try VirtualLAN(hosts: 3)
        defer { lan.shutdown() }
        let first = lan.node("target", on: 1)
        try await first.start()
        // Truncated names, a pointer loop, a forward pointer, counts that cannot fit, a label of a
        // reserved type, record data overrunning its length, and random bytes, from another host.
        let garbage = [
            "import os, socket, struct, random",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('10.77.0.2'))",
            "s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)",
            "s.bind(('10.77.0.2', 5353))",
            "query = lambda name: struct.pack('>6H', 0, 0, 1, 0, 0, 0) + name + b'\\x00\\x0c\\x00\\x01'",
            "packets = [query(b'\\x07_hearth\\x04_tcp'), query(b'\\xc0\\x0c'), query(b'\\x01a\\xc0\\x0c'),",
            "    query(b'\\xc0\\x40'), struct.pack('>6H', 0, 0x8400, 0xffff, 0xffff, 0xffff, 0xffff),",
            "    query(b'\\x40\\x00'), struct.pack('>6H', 0, 0x8400, 0, 1, 0, 0)",
            "    + b'\\x01a\\x00\\x00\\x10\\x00\\x01\\x00\\x00\\x00\\x78\\x00\\x03\\x05ab']",
            "packets += [os.urandom(random.randint(0, 300)) for _ in range(300)]",
            "for packet in packets: s.sendto(packet, ('224.0.0.251', 5353))",
            "print(len(packets))",
        ].joined(separator: "\n")
        let sent = try lan.run(on: 2, ["python3", "-c", garbage])
        #expect(Int(sent.trimmingCharacters(in: .whitespacesAndNewlines)) == 307)
        let second = lan.node("newcomer", on: 3)
        try await second.start()
        #expect(try await eventually(timeout: 10) { first.peerCount() == 1 && second.peerCount() == 1 })
        #expect(first.isRunning, "the responder survived")
    }

    /// Also the unread counts of the cut-off host, which marked messages read and unread while
    /// it was cut off, once it has caught up.
    @Test func aPartitionedHostCatchesUpAfterHealingWithNothingLost() async throws {
        let lan = try VirtualLAN(hosts: 3)
        defer { lan.shutdown() }
        let nodes = (1...3).map { lan.node("p\($0)", on: $0) }
        try await startAll(nodes)
        #expect(try await eventually(timeout: 10) { nodes.allSatisfy { $0.peerCount() == 2 } })
        try nodes[0].cli("chat", "create", "general")
        let before = try ["before 1", "before 2"].map {
            try nodes[1].cli("chat", "send", "general", $0).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try await eventually(timeout: 5) { nodes[2].texts("general").count == 2 })
        _ = try nodes[2].cli("chat", "read", "general")
        try lan.partition(3)
        for index in 1...5 {
            try nodes[0].cli("chat", "send", "general", "main side \(index)")
            try nodes[2].cli("chat", "send", "general", "cut off \(index)")
        }
        #expect(try await eventually(timeout: 5) { nodes[1].texts("general").count == 7 })
        #expect(nodes[2].texts("general").count == 7, "nothing crossed the partition")
        // Cut off: everything from "before 1" on unread again, then read up to it.
        _ = try nodes[2].cli("chat", "mark-unread", before[0])
        #expect(try Self.unread(nodes[2]) == 2, "its own messages never count")
        _ = try nodes[2].cli("chat", "mark-read", "general", "--to", before[0])
        #expect(try Self.unread(nodes[2]) == 1)
        try lan.heal(3)
        let converged = try await eventually(timeout: 60) {
            nodes.allSatisfy { Set($0.texts("general")).count == 12 }
        }
        #expect(converged, "after healing: \(nodes.map { $0.texts("general").count })")
        #expect(try Self.unread(nodes[2]) == 6, "before 2 and the five from the main side")
        #expect(try Self.unread(nodes[1]) == 10, "p2 never read: five from each of the others")
    }

    /// A node's unread count in #general (0 when nothing is unread).
    static func unread(_ node: NodeProcess) throws -> Int {
        let json = try node.cli("chat", "unread", "--json")
        let summary = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let general = (summary?["conversations"] as? [[String: Any]])?.first {
            $0["conversation"] as? String == "general"
        }
        return general?["unread"] as? Int ?? 0
    }
}

extension NodeProcess {
    /// The first 8 characters of the node's id, from its banner.
    var shortID: String {
        guard let line = log.split(separator: "\n").first(where: { $0.hasPrefix("hearth node") }),
            let open = line.lastIndex(of: "(")
        else { return "?" }
        return String(line[line.index(after: open)...].prefix(8))
    }
}

/// With an avahi-daemon on every host: the Avahi backend, and the built-in responder seen by
/// Avahi.
@Suite(
    .serialized,
    .disabled(if: VirtualLAN.unavailable != nil, "needs root and iproute2 for network namespaces (see VirtualLAN)"))
struct AvahiInteropTests {
    @Test func avahiBrowseSeesTheBuiltInRespondersRecords() async throws {
        let lan = try VirtualLAN(hosts: 2, avahi: true)
        defer { lan.shutdown() }
        let node = lan.node("seen-by-avahi", on: 1)
        try await node.start()
        var output = ""
        let seen = try await eventually(timeout: 10) {
            output = try lan.run(
                on: 2, ["timeout", "3", "avahi-browse", "--resolve", "--terminate", "--parsable", "_hearth._tcp"])
            return output.contains("=;veth0;IPv4;")
        }
        #expect(seen, "avahi-browse on h2: \(output)")
        let resolved = output.split(separator: "\n").first { $0.hasPrefix("=;") }.map(String.init) ?? ""
        #expect(resolved.contains(";10.77.0.1;7070;"), "address and port: \(resolved)")
        #expect(
            resolved.contains("\"v=1\"") && resolved.contains("\"id=") && resolved.contains("\"net="),
            "TXT: \(resolved)")
    }

    func browse(on lan: VirtualLAN, host: Int) throws -> [String] {
        let output = try lan.run(
            on: host, ["timeout", "3", "avahi-browse", "--resolve", "--terminate", "--parsable", "_hearth._tcp"])
        return output.split(separator: "\n").filter { $0.hasPrefix("=;") }.map { Self.unescape(String($0)) }
    }

    /// avahi-browse writes some characters of names as a backslash and three decimal digits.
    static func unescape(_ text: String) -> String {
        var result = ""
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if character == "\\", characters.count >= 3, let code = UInt8(String(characters.prefix(3))) {
                result.append(Character(UnicodeScalar(code)))
                characters = characters.dropFirst(3)
            } else {
                result.append(character)
            }
        }
        return result
    }

    @Test func threeHostsWithAvahiDaemonsLinkAndChatWithinThreeSeconds() async throws {
        let lan = try VirtualLAN(hosts: 3, avahi: true)
        defer { lan.shutdown() }
        let nodes = (1...3).map { lan.node("avahi\($0)", on: $0) }
        for node in nodes { node.mdns = "avahi" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { try await node.start() } }
            try await group.waitForAll()
        }
        let started = Date()
        let linked = try await eventually(timeout: 3) { nodes.allSatisfy { $0.peerCount() == 2 } }
        #expect(linked, "all three linked \(Date().timeIntervalSince(started)) s after start")
        try nodes[0].cli("chat", "create", "general")
        try nodes[0].cli("chat", "send", "general", "through avahi")
        let delivered = try await eventually(timeout: max(0.2, 3 - Date().timeIntervalSince(started))) {
            nodes.allSatisfy { $0.texts("general").contains("through avahi") }
        }
        #expect(delivered, "everywhere \(Date().timeIntervalSince(started)) s after start")
        #expect(nodes[0].stderrLog.contains("backend=avahi"), "the Avahi backend was used")
    }

    @Test func aNodePublishesAgainAfterItsAvahiDaemonRestarts() async throws {
        let lan = try VirtualLAN(hosts: 2, avahi: true)
        defer { lan.shutdown() }
        let node = lan.node("survivor", on: 1)
        node.mdns = "avahi"
        try await node.start()
        #expect(try await eventually(timeout: 10) { (try? browse(on: lan, host: 2))?.isEmpty == false })
        try lan.restartAvahi(on: 1)
        #expect(try await eventually(timeout: 10) { node.stderrLog.contains("avahi-daemon went away") })
        let again = try await eventually(timeout: 10) {
            node.stderrLog.components(separatedBy: "announcing on the LAN through Avahi").count == 3
        }
        #expect(again, "announced a second time: \(node.stderrLog)")
        #expect(try await eventually(timeout: 10) { (try? browse(on: lan, host: 2))?.isEmpty == false })
    }

    @Test func aNameAlreadyTakenOnTheLANIsReplacedByAnAlternative() async throws {
        let lan = try VirtualLAN(hosts: 2, avahi: true)
        defer { lan.shutdown() }
        let node = lan.node("twin", on: 1)
        node.mdns = "avahi"
        try await node.start()
        let name = "twin [\(node.shortID)]"
        node.stop()
        // Someone on h2 takes the node's name while it is down.
        let squatter = Process()
        squatter.executableURL = URL(fileURLWithPath: VirtualLAN.script)
        squatter.arguments = ["run", "h2", "avahi-publish", "-s", name, "_hearth._tcp", "9999", "v=1"]
        squatter.environment = ProcessInfo.processInfo.environment.merging(["HEARTH_LAN": lan.name]) { $1 }
        squatter.standardOutput = FileHandle.nullDevice
        squatter.standardError = FileHandle.nullDevice
        try squatter.run()
        defer { kill(squatter.processIdentifier, SIGTERM) }
        #expect(
            try await eventually(timeout: 10) {
                (try? browse(on: lan, host: 1))?.contains { $0.contains(";9999;") } == true
            })
        try await node.start()
        let renamed = try await eventually(timeout: 10) {
            (try? browse(on: lan, host: 2))?.contains { $0.contains("\(name) #2;") && $0.contains(";7070;") } == true
        }
        #expect(renamed, "published under another name: \((try? browse(on: lan, host: 2)) ?? [])")
    }
}
