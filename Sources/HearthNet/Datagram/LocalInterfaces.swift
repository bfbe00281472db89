import NIOCore

/// This machine's network interfaces with an IPv4 address, as the kernel lists them: what a LAN
/// scan broadcasts on.
public enum LocalInterfaces {
    public struct IPv4Interface: Sendable, Equatable {
        /// `eth0`, `wlan0`, `lo`.
        public var name: String
        /// `192.168.1.20`.
        public var address: String
        /// `255.255.255.0`.
        public var netmask: String
    }

    /// Every interface that has an IPv4 address and netmask (loopback included: the caller picks).
    /// - Throws: when the interfaces cannot be listed.
    public static func ipv4() throws -> [IPv4Interface] {
        try System.enumerateDevices().compactMap { device in
            guard case .v4 = device.address, let address = device.address?.ipAddress,
                let netmask = device.netmask?.ipAddress
            else { return nil }
            return IPv4Interface(name: device.name, address: address, netmask: netmask)
        }
    }
}
