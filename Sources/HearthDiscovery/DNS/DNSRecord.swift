/// Record types Hearth reads and writes (RFC 1035, RFC 2782 for SRV, RFC 6762 for mDNS).
public enum DNSType: UInt16, Sendable {
    case a = 1
    case ptr = 12
    case txt = 16
    case aaaa = 28
    case srv = 33
    case nsec = 47
    case any = 255
}

/// What a record says.
public enum DNSRecordData: Hashable, Sendable {
    case a(IPv4Address)
    case ptr(DNSName)
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// Character strings, each at most 255 bytes ("key=value" in DNS-SD).
    case txt([[UInt8]])
    /// Any other type, kept as raw bytes.
    case other(type: UInt16, bytes: [UInt8])

    public var type: UInt16 {
        switch self {
        case .a: DNSType.a.rawValue
        case .ptr: DNSType.ptr.rawValue
        case .srv: DNSType.srv.rawValue
        case .txt: DNSType.txt.rawValue
        case .other(let type, _): type
        }
    }
}

/// An IPv4 address, in network byte order.
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    public var bytes: (UInt8, UInt8, UInt8, UInt8)

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = (a, b, c, d) }

    /// From dotted quad text; nil if it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard parts.count == 4 else { return nil }
        self.init(parts[0], parts[1], parts[2], parts[3])
    }

    public var array: [UInt8] { [bytes.0, bytes.1, bytes.2, bytes.3] }
    public var description: String { "\(bytes.0).\(bytes.1).\(bytes.2).\(bytes.3)" }
    public var isLoopback: Bool { bytes.0 == 127 }

    public static func == (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.array == rhs.array }
    public func hash(into hasher: inout Hasher) { hasher.combine(array) }
}

/// A resource record. In mDNS the top bit of the class is "cache flush": this record replaces
/// what a cache holds for the name and type (RFC 6762 §10.2).
public struct DNSRecord: Hashable, Sendable {
    public var name: DNSName
    public var data: DNSRecordData
    public var ttl: UInt32
    public var cacheFlush: Bool

    public init(name: DNSName, data: DNSRecordData, ttl: UInt32, cacheFlush: Bool = false) {
        self.name = name
        self.data = data
        self.ttl = ttl
        self.cacheFlush = cacheFlush
    }

    public var type: UInt16 { data.type }

    /// The same record but for its TTL (known-answer suppression and goodbyes compare this way).
    public func sameData(as other: DNSRecord) -> Bool { name == other.name && data == other.data }
}

/// A question. In mDNS the top bit of the class asks for a unicast reply (RFC 6762 §5.4).
public struct DNSQuestion: Hashable, Sendable {
    public var name: DNSName
    public var type: UInt16
    public var unicastResponse: Bool

    public init(name: DNSName, type: DNSType, unicastResponse: Bool = false) {
        self.init(name: name, rawType: type.rawValue, unicastResponse: unicastResponse)
    }

    public init(name: DNSName, rawType: UInt16, unicastResponse: Bool = false) {
        self.name = name
        self.type = rawType
        self.unicastResponse = unicastResponse
    }

    /// Whether `record` answers this question.
    public func isAnswered(by record: DNSRecord) -> Bool {
        record.name == name && (type == DNSType.any.rawValue || type == record.type)
    }
}
