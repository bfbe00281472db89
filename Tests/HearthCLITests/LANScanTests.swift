import Foundation
import Testing

/// `hearth stats servers scan` on a virtual LAN (network namespaces on a bridge, `scripts/lan`):
/// the node on h1 broadcasts `getinfo` on its LAN; on h2 a stand-in game server answers on 27960,
/// and two broken ones answer on 27961 (over the size limit) and 27962 (not an info answer).
@Suite(
    .serialized,
    .disabled(if: VirtualLAN.unavailable != nil, "needs root and iproute2 for network namespaces (see VirtualLAN)"))
struct LANScanTests {
    /// Answers `getinfo` as a server of each kind would, for a minute at most.
    static let servers = #"""
        import select, socket, time
        def bound(port):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("0.0.0.0", port))
            return s
        good, oversized, wrong = bound(27960), bound(27961), bound(27962)
        print("ready", flush=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            ready, _, _ = select.select([good, oversized, wrong], [], [], 1)
            for s in ready:
                data, peer = s.recvfrom(2048)
                if s is good and data.startswith(b"\xff\xff\xff\xffgetstatus"):
                    s.sendto(b"\xff\xff\xff\xffstatusResponse\n\\sv_hostname\\LAN-party test\\mapname\\oa_dm1"
                             b"\\g_gametype\\0\\sv_maxclients\\8\n3 0 \"Sarge\"\n", peer)
                    continue
                if not data.startswith(b"\xff\xff\xff\xffgetinfo "):
                    continue
                challenge = data[len(b"\xff\xff\xff\xffgetinfo "):].strip()
                head = b"\xff\xff\xff\xff" + (b"statusResponse" if s is wrong else b"infoResponse")
                info = b"\\challenge\\" + challenge + b"\\hostname\\LAN-party test\\mapname\\oa_dm1\\gametype\\0"
                info += b"\\clients\\3\\sv_maxclients\\8\\gamename\\baseoa"
                if s is oversized:
                    info += b"\\motd\\" + b"x" * 20000
                s.sendto(head + b"\n" + info, peer)
        """#

    @Test func aScanFindsTheServerOnTheLANAndRefusesBrokenAnswers() async throws {
        let lan = try VirtualLAN(hosts: 2)
        let fake = Process()
        defer {
            if fake.isRunning { fake.terminate() }
            lan.shutdown()
        }
        fake.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        fake.arguments = ["netns", "exec", "\(lan.name)-h2", "python3", "-c", Self.servers]
        let output = Pipe()
        fake.standardOutput = output
        try fake.run()
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("ready") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw TestFailure("the stand-in game servers did not start") }
            said += chunk
        }
        let node = lan.node("scanner", on: 1)
        try await node.start()

        let found = try JSONSerialization.jsonObject(with: Data(node.cli("stats", "servers", "scan", "--json").utf8))
        let servers = try #require(found as? [[String: Any]])
        #expect(servers.count == 1, "only the well-formed answer: \(servers)")
        #expect(servers.first?["address"] as? String == "10.77.0.2:27960")
        #expect(servers.first?["hostname"] as? String == "LAN-party test")
        #expect(servers.first?["map"] as? String == "oa_dm1" && servers.first?["clients"] as? Int == 3)
        #expect(servers.first?["polled"] as? Bool == false)

        let added = try node.cli("stats", "servers", "scan", "--add")
        #expect(added.contains("10.77.0.2:27960") && added.contains("LAN-party test"))
        // Now polled: its status (getstatus) is shared.
        let shared = try await eventually(timeout: 15) {
            let list = try JSONSerialization.jsonObject(with: Data(node.cli("stats", "servers", "--json").utf8))
            return (list as? [[String: Any]])?.contains {
                $0["address"] as? String == "10.77.0.2:27960" && $0["answering"] as? Bool == true
            } == true
        }
        #expect(shared)
    }
}
