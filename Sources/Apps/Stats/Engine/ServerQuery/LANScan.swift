/// Finding game servers on the LAN without a master server, as the game's "Local" server list
/// does: `getinfo` broadcast to each LAN interface's subnet on the usual ports, and the
/// `infoResponse`s that come back read into found servers. Pure: the caller lists the interfaces
/// and does the sending.
public enum LANScan {
    /// The ports ioquake3 scans for LAN servers (`NUM_SERVER_PORTS` is 4).
    public static let ports: ClosedRange<UInt16> = 27960...27963

    /// The address ranges scanned: private (RFC 1918) and link-local (RFC 3927) networks. Loopback
    /// and public networks are never broadcast to.
    public static let ranges: [(network: IPv4, prefixLength: Int)] = [
        (IPv4(10, 0, 0, 0), 8), (IPv4(172, 16, 0, 0), 12), (IPv4(192, 168, 0, 0), 16), (IPv4(169, 254, 0, 0), 16),
    ]

    /// One interface's IPv4 address and netmask.
    public struct Interface: Hashable, Sendable {
        public var address: IPv4
        public var netmask: IPv4

        public init(address: IPv4, netmask: IPv4) {
            self.address = address
            self.netmask = netmask
        }
    }

    /// A server that answered the scan.
    public struct FoundServer: Sendable, Equatable {
        /// Where the answer came from (the server's own address, not the broadcast one).
        public var address: ServerAddress
        public var info: ServerInfoAnswer

        public init(address: ServerAddress, info: ServerInfoAnswer) {
            self.address = address
            self.info = info
        }
    }

    /// Whether `address` is in one of `ranges`.
    public static func isLAN(_ address: IPv4) -> Bool {
        ranges.contains { range in contains(range, address) }
    }

    /// The subnet broadcast addresses of the interfaces on a LAN range, sorted, each once.
    ///
    /// An interface is skipped when its address is outside `ranges`, its netmask is not ones then
    /// zeros, or its subnet is wider than its range (10.0.0.1/7 reaches public addresses) or has no
    /// broadcast address (/31, /32).
    public static func broadcastAddresses(_ interfaces: [Interface]) -> [IPv4] {
        var found: Set<IPv4> = []
        for interface in interfaces {
            guard let length = interface.netmask.prefixLength, length <= 30,
                let range = ranges.first(where: { contains($0, interface.address) }), length >= range.prefixLength
            else { continue }
            found.insert(IPv4(interface.address.value | ~interface.netmask.value))
        }
        return found.sorted()
    }

    /// Where to send `getinfo`: every broadcast address on every port, sorted.
    public static func targets(_ interfaces: [Interface], ports: ClosedRange<UInt16> = LANScan.ports)
        -> [ServerAddress]
    {
        broadcastAddresses(interfaces).flatMap { broadcast in
            ports.map { ServerAddress(host: broadcast.description, port: $0) }
        }
    }

    /// Reads one answer to the scan's `getinfo`.
    /// - Throws: `ServerQueryError` as `ServerQuery.info` does (not an `infoResponse`, over the
    ///   limits, or another challenge).
    public static func server(answer bytes: [UInt8], from address: ServerAddress, challenge: String)
        throws(ServerQueryError) -> FoundServer
    {
        FoundServer(address: address, info: try ServerQuery.info(bytes, challenge: challenge))
    }

    /// The servers among a scan's answers, sorted by address: answers that do not read or echo
    /// another challenge are dropped, and an address that answered twice keeps its last answer.
    public static func servers(answers: [(from: ServerAddress, bytes: [UInt8])], challenge: String) -> [FoundServer] {
        var found: [ServerAddress: FoundServer] = [:]
        for answer in answers {
            guard let server = try? server(answer: answer.bytes, from: answer.from, challenge: challenge) else {
                continue
            }
            found[answer.from] = server
        }
        return found.values.sorted { $0.address < $1.address }
    }

    private static func contains(_ range: (network: IPv4, prefixLength: Int), _ address: IPv4) -> Bool {
        guard let mask = IPv4(prefixLength: range.prefixLength) else { return false }
        return address.value & mask.value == range.network.value
    }
}
