/// A game server's UDP address as the stats app names it: `10.0.0.5:27960`, `[fe80::1]:27960`.
public struct ServerAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Quake III's default server port.
    public static let defaultPort: UInt16 = 27960

    /// An IPv4 or IPv6 address or a host name, without brackets.
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16 = ServerAddress.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Reads `host:port`, `[ipv6]:port` or a bare host (then the default port); nil when the host
    /// is empty or the port is not 1–65535.
    public init?(_ text: String) {
        var host = Substring(text)
        var port = Self.defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = UInt16(rest.dropFirst()), number > 0 else { return nil }
                port = number
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            guard let number = UInt16(host[host.index(after: colon)...]), number > 0 else { return nil }
            port = number
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        self.init(host: String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// By host, then port (hosts compared as text; IPv4 hosts in numeric order).
    public static func < (lhs: ServerAddress, rhs: ServerAddress) -> Bool {
        if lhs.host != rhs.host {
            if let left = LANScan.IPv4(lhs.host), let right = LANScan.IPv4(rhs.host) { return left < right }
            return lhs.host < rhs.host
        }
        return lhs.port < rhs.port
    }
}
