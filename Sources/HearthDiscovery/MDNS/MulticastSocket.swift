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
                let membership = ip_mreq(imr_multiaddr: Self.group.inAddr, imr_interface: interface.inAddr)
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
        var outgoing = interface.inAddr
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
        return (Array(buffer.prefix(count)), IPv4Address(source.sin_addr), UInt16(bigEndian: source.sin_port))
    }

    private func set<Value: BitwiseCopyable>(_ level: Int32, _ option: Int32, _ value: Value, _ name: String)
        throws(DiscoveryError)
    {
        let status = withUnsafeBytes(of: value) {
            setsockopt(descriptor, level, option, $0.baseAddress, socklen_t($0.count))
        }
        guard status == 0 else { throw .socket(name, errno) }
    }

    static func socketAddress(_ address: IPv4Address, port: UInt16) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        result.sin_addr = address.inAddr
        return result
    }
}
