#if canImport(Glibc)
    import Glibc
#endif

/// The mDNS socket: UDP port 5353, member of 224.0.0.251 on the given interfaces only (by their
/// IPv4 addresses), sending with TTL 255 (RFC 6762 §11). Reads block for at most a quarter of a
/// second so a reader thread can notice it should stop.
final class MulticastSocket: @unchecked Sendable {
    static let group = IPv4Address(224, 0, 0, 251)
    static let port: UInt16 = 5353

    private let descriptor: Int32
    let interfaces: [IPv4Address]

    init(interfaces: [IPv4Address]) throws(DiscoveryError) {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw .socket("socket", errno) }
        self.interfaces = interfaces
        do {
            try set(SOL_SOCKET, SO_REUSEADDR, Int32(1), "SO_REUSEADDR")
            try set(SOL_SOCKET, SO_REUSEPORT, Int32(1), "SO_REUSEPORT")
            // Only the groups joined on this socket, not every group joined on the host.
            try set(Int32(IPPROTO_IP), IP_MULTICAST_ALL, Int32(0), "IP_MULTICAST_ALL")
            try set(Int32(IPPROTO_IP), IP_MULTICAST_TTL, Int32(255), "IP_MULTICAST_TTL")
            try set(Int32(IPPROTO_IP), IP_MULTICAST_LOOP, Int32(1), "IP_MULTICAST_LOOP")
            try set(SOL_SOCKET, SO_RCVTIMEO, timeval(tv_sec: 0, tv_usec: 250_000), "SO_RCVTIMEO")
            var address = Self.socketAddress(IPv4Address(0, 0, 0, 0), port: Self.port)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw DiscoveryError.socket("bind to port 5353", errno) }
            for interface in interfaces {
                let membership = ip_mreq(imr_multiaddr: Self.inAddr(Self.group), imr_interface: Self.inAddr(interface))
                try set(Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, membership, "IP_ADD_MEMBERSHIP on \(interface)")
            }
        } catch let error as DiscoveryError {
            close(descriptor)
            throw error
        } catch {
            close(descriptor)
            throw .socket("setup", 0)
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes` to the mDNS group out of `interface`.
    func send(_ bytes: [UInt8], via interface: IPv4Address) {
        var outgoing = Self.inAddr(interface)
        _ = setsockopt(
            descriptor, Int32(IPPROTO_IP), IP_MULTICAST_IF, &outgoing, socklen_t(MemoryLayout<in_addr>.size))
        var destination = Self.socketAddress(Self.group, port: Self.port)
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &destination) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(
                        descriptor, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// One datagram and its sender, or nil after the read timeout (or an error).
    func receive() -> (bytes: [UInt8], from: IPv4Address, port: UInt16)? {
        var buffer = [UInt8](repeating: 0, count: DNSMessage.maximumSize)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { bytes in
            withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &length)
                }
            }
        }
        guard count > 0 else { return nil }
        let raw = UInt32(bigEndian: source.sin_addr.s_addr)
        let from = IPv4Address(UInt8(raw >> 24), UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF))
        return (Array(buffer.prefix(count)), from, UInt16(bigEndian: source.sin_port))
    }

    private func set<Value: BitwiseCopyable>(_ level: Int32, _ option: Int32, _ value: Value, _ name: String)
        throws(DiscoveryError)
    {
        let status = withUnsafeBytes(of: value) {
            setsockopt(descriptor, level, option, $0.baseAddress, socklen_t($0.count))
        }
        guard status == 0 else { throw .socket(name, errno) }
    }

    static func inAddr(_ address: IPv4Address) -> in_addr {
        let (a, b, c, d) = address.bytes
        return in_addr(s_addr: (UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)).bigEndian)
    }

    static func socketAddress(_ address: IPv4Address, port: UInt16) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        result.sin_addr = inAddr(address)
        return result
    }

    /// The index of the interface that has `address`.
    static func interfaceIndex(of address: IPv4Address) -> Int32? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let raw = current.pointee.ifa_addr, raw.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let value = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard value.s_addr == inAddr(address).s_addr, let name = current.pointee.ifa_name else { continue }
            let index = if_nametoindex(name)
            return index > 0 ? Int32(index) : nil
        }
        return nil
    }

    /// The IPv4 addresses of the interfaces that are up, not loopback, and can multicast.
    static func multicastInterfaces() -> [IPv4Address] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var found: [IPv4Address] = []
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            let flags = Int32(current.pointee.ifa_flags)
            guard let address = current.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0,
                flags & Int32(IFF_MULTICAST) != 0
            else { continue }
            let raw = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                UInt32(bigEndian: $0.pointee.sin_addr.s_addr)
            }
            found.append(
                IPv4Address(UInt8(raw >> 24), UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF)))
        }
        return found
    }
}
