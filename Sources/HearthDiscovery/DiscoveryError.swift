#if canImport(Glibc)
    import Glibc
#endif

/// Why discovery could not start.
public enum DiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    case socket(String, Int32)
    case avahi(String)

    public var description: String {
        switch self {
        case .socket(let call, let code): "mDNS socket: \(call) failed: \(String(cString: strerror(code)))"
        case .avahi(let message): "Avahi: \(message)"
        }
    }
}
