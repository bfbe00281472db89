import HearthStatsEngine
import Testing

/// The LAN scan's address maths: which subnets are broadcast to, on which ports.
struct ServerQueryLANScanTests {
    typealias IPv4 = LANScan.IPv4

    static func interface(_ address: String, _ prefixLength: Int) -> LANScan.Interface {
        LANScan.Interface(address: IPv4(address)!, netmask: IPv4(prefixLength: prefixLength)!)
    }

    @Test func ipv4AddressesReadAndPrint() {
        #expect(IPv4("192.168.1.20") == IPv4(192, 168, 1, 20))
        #expect(IPv4("10.0.0.5")?.value == 0x0A00_0005)
        #expect(IPv4(0xFFFF_FFFF).description == "255.255.255.255")
        #expect(IPv4(0).description == "0.0.0.0")
        for bad in [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", "1.2.3.4 ", "-1.2.3.4", "1.2.3.٣",
        ] {
            #expect(IPv4(bad) == nil, "\(bad)")
        }
    }

    @Test func netmasksAndPrefixLengths() {
        #expect(IPv4(prefixLength: 24) == IPv4(255, 255, 255, 0))
        #expect(IPv4(prefixLength: 0) == IPv4(0))
        #expect(IPv4(prefixLength: 32) == IPv4(0xFFFF_FFFF))
        #expect(IPv4(prefixLength: 33) == nil)
        #expect(IPv4(prefixLength: -1) == nil)
        for length in 0...32 { #expect(IPv4(prefixLength: length)?.prefixLength == length) }
        #expect(IPv4(255, 0, 255, 0).prefixLength == nil)
        #expect(IPv4(0, 0, 0, 255).prefixLength == nil)
    }

    @Test func privateAndLinkLocalNetworksAreTheLAN() {
        for address in ["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.0.1", "169.254.10.20"] {
            #expect(LANScan.isLAN(IPv4(address)!), "\(address)")
        }
        for address in [
            "127.0.0.1", "127.1.2.3", "8.8.8.8", "172.15.255.255", "172.32.0.0", "192.169.0.1", "169.253.0.1",
            "0.0.0.0", "255.255.255.255", "224.0.0.251", "100.64.0.1",
        ] {
            #expect(!LANScan.isLAN(IPv4(address)!), "\(address)")
        }
    }

    @Test func eachLANSubnetIsBroadcastToOnce() {
        let interfaces = [
            Self.interface("192.168.1.20", 24), Self.interface("192.168.1.33", 24), Self.interface("10.1.2.3", 8),
            Self.interface("172.20.5.5", 16), Self.interface("169.254.3.4", 16), Self.interface("10.9.8.7", 30),
        ]
        #expect(
            LANScan.broadcastAddresses(interfaces).map(\.description) == [
                "10.9.8.7", "10.255.255.255", "169.254.255.255", "172.20.255.255", "192.168.1.255",
            ])
    }

    @Test func loopbackPublicAndOddSubnetsAreNotScanned() {
        let interfaces = [
            Self.interface("127.0.0.1", 8),  // loopback
            Self.interface("8.8.8.8", 24),  // public
            Self.interface("100.64.1.1", 10),  // carrier-grade NAT, not a LAN range
            Self.interface("172.32.0.1", 16),  // just past 172.16/12
            Self.interface("10.0.0.1", 7),  // wider than 10/8: would reach 11.255.255.255
            Self.interface("172.16.0.1", 11),  // wider than 172.16/12
            Self.interface("192.168.1.1", 31),  // point-to-point: no broadcast
            Self.interface("192.168.1.1", 32),
            LANScan.Interface(address: IPv4(192, 168, 5, 5), netmask: IPv4(255, 0, 255, 0)),  // not a netmask
        ]
        #expect(LANScan.broadcastAddresses(interfaces).isEmpty)
        #expect(LANScan.targets(interfaces).isEmpty)
    }

    @Test func everyBroadcastAddressIsScannedOnThePorts27960To27963() {
        let targets = LANScan.targets([Self.interface("192.168.1.20", 24), Self.interface("10.0.0.2", 16)])
        #expect(
            targets.map(\.description) == [
                "10.0.255.255:27960", "10.0.255.255:27961", "10.0.255.255:27962", "10.0.255.255:27963",
                "192.168.1.255:27960", "192.168.1.255:27961", "192.168.1.255:27962", "192.168.1.255:27963",
            ])
        #expect(LANScan.targets([Self.interface("192.168.1.20", 24)], ports: 27960...27960).count == 1)
    }

    @Test func scanAnswersBecomeFoundServers() throws {
        let challenge = "scan42"
        func answer(_ hostname: String, clients: Int, challenge: String = challenge) throws -> [UInt8] {
            try ServerQuery.infoAnswer(
                ServerInfoAnswer(values: [
                    "hostname": hostname, "mapname": "oa_dm1", "clients": "\(clients)", "challenge": challenge,
                ]))
        }
        let first = ServerAddress(host: "192.168.1.40", port: 27961)
        let second = ServerAddress(host: "192.168.1.7")
        let found = LANScan.servers(
            answers: [
                (first, try answer("old", clients: 1)), (second, try answer("B", clients: 0)),
                (first, try answer("A", clients: 3)),  // the newer answer wins
                (ServerAddress(host: "192.168.1.8"), try answer("stale", clients: 2, challenge: "other")),
                (ServerAddress(host: "192.168.1.9"), [0xFF, 0xFF, 0xFF, 0xFF, 0x41]),
                (ServerAddress(host: "192.168.1.10"), CapturedAnswer.status),
            ], challenge: challenge)
        #expect(found.map(\.address) == [second, first])
        #expect(found.map(\.info.hostname) == ["B", "A"])
        #expect(found.last?.info.clients == 3)
        let error = #expect(throws: ServerQueryError.self) {
            try LANScan.server(
                answer: try answer("x", clients: 0, challenge: "other"), from: first, challenge: challenge)
        }
        #expect(error?.code == .challengeMismatch)
    }
}
