extension LANScan {
    /// An IPv4 address as a 32-bit number, most significant byte first (`10.0.0.5` is 0x0A00_0005).
    public struct IPv4: Hashable, Comparable, Sendable, CustomStringConvertible {
        public var value: UInt32

        public init(_ value: UInt32) {
            self.value = value
        }

        public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
            value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
        }

        /// Reads dotted-quad text (`192.168.1.20`): four decimal numbers 0–255, no leading zeros.
        public init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                    part == "0" || !part.hasPrefix("0"), let byte = UInt8(part)
                else { return nil }
                value = value << 8 | UInt32(byte)
            }
            self.value = value
        }

        /// The netmask of a prefix length: 24 → 255.255.255.0; nil beyond 0–32.
        public init?(prefixLength: Int) {
            guard (0...32).contains(prefixLength) else { return nil }
            value = prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
        }

        /// The prefix length when this is a netmask (ones, then zeros); nil otherwise.
        public var prefixLength: Int? {
            let ones = (~value).leadingZeroBitCount
            return ones == 32 || value << UInt32(ones) == 0 ? ones : nil
        }

        public var description: String {
            "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }

        public static func < (lhs: IPv4, rhs: IPv4) -> Bool { lhs.value < rhs.value }
    }
}
