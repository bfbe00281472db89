/// A Hearth node as DNS-SD describes it (DESIGN §8): service `_hearth._tcp.local`, an instance
/// per node, SRV to its host and port, TXT `v=1`, `id=<node id>`, `net=<network tag>`, and the
/// host's IPv4 addresses.
public struct HearthService: Hashable, Sendable {
    public static let serviceType = DNSName("_hearth._tcp.local")
    /// RFC 6762 §10: 120 s for records about a host, 75 minutes for the others.
    public static let hostTTL: UInt32 = 120
    public static let otherTTL: UInt32 = 4500

    /// The instance label ("Hearth a1b2c3d4"), unique per node.
    public var instance: String
    public var host: DNSName
    public var port: UInt16
    public var addresses: [IPv4Address]
    /// Hex of the node's public key.
    public var nodeID: String
    /// Hex of the 8-byte hash of the network key: only nodes of the same network dial each other.
    public var networkTag: String
    public var version = 1
    /// Seconds the announcement holds; 0 in a goodbye.
    public var ttl: UInt32 = HearthService.hostTTL

    public init(
        instance: String, host: DNSName, port: UInt16, addresses: [IPv4Address], nodeID: String,
        networkTag: String, version: Int = 1, ttl: UInt32 = HearthService.hostTTL
    ) {
        self.instance = instance
        self.host = host
        self.port = port
        self.addresses = addresses
        self.nodeID = nodeID
        self.networkTag = networkTag
        self.version = version
        self.ttl = ttl
    }

    public var instanceName: DNSName { DNSName(instance, in: Self.serviceType) }

    public var txt: [[UInt8]] { ["v=\(version)", "id=\(nodeID)", "net=\(networkTag)"].map { Array($0.utf8) } }

    /// The records that describe the node; all with TTL 0 for a goodbye. Unique records (SRV,
    /// TXT, A) carry cache-flush; the shared PTR does not.
    public func records(goodbye: Bool = false) -> (pointer: DNSRecord, unique: [DNSRecord]) {
        let host: UInt32 = goodbye ? 0 : Self.hostTTL
        let other: UInt32 = goodbye ? 0 : Self.otherTTL
        let pointer = DNSRecord(name: Self.serviceType, data: .ptr(instanceName), ttl: other)
        var unique = [
            DNSRecord(
                name: instanceName, data: .srv(priority: 0, weight: 0, port: port, target: self.host), ttl: host,
                cacheFlush: true),
            DNSRecord(name: instanceName, data: .txt(txt), ttl: other, cacheFlush: true),
        ]
        unique += addresses.map { DNSRecord(name: self.host, data: .a($0), ttl: host, cacheFlush: true) }
        return (pointer, unique)
    }

    /// An unsolicited response announcing the node (or, with TTL 0, saying goodbye).
    public func announcement(ttl: UInt32? = nil) -> DNSMessage {
        let (pointer, unique) = records(goodbye: ttl == 0)
        return DNSMessage(isResponse: true, isAuthoritative: true, answers: [pointer] + unique)
    }

    /// The Hearth services a response describes (PTR, SRV and TXT for each; A records for the
    /// host where given). A service whose records have TTL 0 is a goodbye (`ttl` 0).
    public static func all(in message: DNSMessage) -> [HearthService] {
        message.isResponse ? all(records: message.records) : []
    }

    /// The Hearth services described by a set of records (a response's, or a cache's), in one
    /// pass over them (a cache may hold a thousand records).
    public static func all(records: [DNSRecord]) -> [HearthService] {
        var byName: [DNSName: [DNSRecord]] = [:]
        for record in records { byName[record.name, default: []].append(record) }
        var found: [HearthService] = []
        for pointer in byName[serviceType] ?? [] {
            guard case .ptr(let instanceName) = pointer.data, instanceName.parent == serviceType else { continue }
            let named = byName[instanceName] ?? []
            guard
                let srv = named.first(where: { $0.type == DNSType.srv.rawValue }),
                case .srv(_, _, let port, let host) = srv.data,
                let txtRecord = named.first(where: { $0.type == DNSType.txt.rawValue }),
                case .txt(let strings) = txtRecord.data
            else { continue }
            let fields = Self.fields(strings)
            guard let nodeID = fields["id"], let tag = fields["net"], let version = fields["v"].flatMap({ Int($0) })
            else { continue }
            let addresses = (byName[host] ?? []).compactMap { record -> IPv4Address? in
                guard case .a(let address) = record.data else { return nil }
                return address
            }
            let instance = String(decoding: instanceName.labels.first ?? [], as: UTF8.self)
            found.append(
                HearthService(
                    instance: instance, host: host, port: port, addresses: addresses, nodeID: nodeID, networkTag: tag,
                    version: version, ttl: min(pointer.ttl, srv.ttl)))
        }
        return found
    }

    /// DNS-SD TXT strings as key → value (RFC 6763 §6: keys case-insensitive, first one wins).
    static func fields(_ strings: [[UInt8]]) -> [String: String] {
        var fields: [String: String] = [:]
        for string in strings {
            let text = String(decoding: string, as: UTF8.self)
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first?.lowercased(), !key.isEmpty, fields[key] == nil else { continue }
            fields[key] = parts.count > 1 ? String(parts[1]) : ""
        }
        return fields
    }
}
