#if canImport(Glibc)
    import Glibc
#endif

/// The host's IPv4 interfaces, and which of them discovery may use: only those a node listens
/// on, so that a node listening on a loopback address sends no multicast at all.
public enum NetworkInterfaces {
    struct Interface {
        var name: String
        var address: IPv4Address
        var flags: Int32

        var canMulticast: Bool {
            flags & Int32(IFF_UP) != 0 && flags & Int32(IFF_LOOPBACK) == 0 && flags & Int32(IFF_MULTICAST) != 0
        }
    }

    /// The interfaces discovery uses for a node listening on `host`: every multicast-capable one
    /// for 0.0.0.0, that interface for one of its addresses, none for a loopback address.
    public static func forListenHost(_ host: String) -> [IPv4Address] {
        let usable = all().filter(\.canMulticast).map(\.address)
        if host == "0.0.0.0" || host == "::" || host.isEmpty { return usable }
        guard let address = IPv4Address(host), !address.isLoopback else { return [] }
        return usable.contains(address) ? [address] : []
    }

    /// The index of the interface that has `address`.
    public static func index(of address: IPv4Address) -> Int32? {
        guard let interface = all().first(where: { $0.address == address }) else { return nil }
        let index = if_nametoindex(interface.name)
        return index > 0 ? Int32(index) : nil
    }

    static func all() -> [Interface] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var found: [Interface] = []
        var entry = list
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let raw = current.pointee.ifa_addr, raw.pointee.sa_family == sa_family_t(AF_INET),
                let name = current.pointee.ifa_name
            else { continue }
            let address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { IPv4Address($0.pointee.sin_addr) }
            found.append(
                Interface(name: String(cString: name), address: address, flags: Int32(current.pointee.ifa_flags)))
        }
        return found
    }
}

extension IPv4Address {
    init(_ address: in_addr) {
        let raw = UInt32(bigEndian: address.s_addr)
        self.init(UInt8(raw >> 24), UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF))
    }

    var inAddr: in_addr {
        let (a, b, c, d) = bytes
        return in_addr(s_addr: (UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)).bigEndian)
    }
}
