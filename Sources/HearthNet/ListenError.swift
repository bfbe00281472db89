import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket could not be opened, said in the user's terms: which address, which
/// option sets it, and what to do.
public struct ListenError: Error, CustomStringConvertible, Sendable {
    public let address: String
    /// The command-line option that chose the address, e.g. `--listen`.
    public let option: String
    public let reason: String

    public var description: String { "cannot listen on \(address) (\(option)): \(reason)" }

    /// Whether `error` is a socket's refusal to bind (address in use, not allowed, not local).
    public static func isBindFailure(_ error: any Error) -> Bool {
        guard let errno = (error as? IOError)?.errnoCode else { return false }
        return [EADDRINUSE, EACCES, EADDRNOTAVAIL].contains(errno)
    }

    /// Explains `error` from binding `address`.
    public init(_ error: any Error, address: String, option: String) {
        self.address = address
        self.option = option
        let errno = (error as? IOError)?.errnoCode
        switch errno {
        case EADDRINUSE:
            reason =
                "the port is already in use, by another node or another program. Stop it, or choose another port with \(option) HOST:PORT"
        case EACCES:
            reason = "permission denied (ports below 1024 need privileges): choose a port above 1024 with \(option)"
        case EADDRNOTAVAIL:
            reason = "that is not an address of this machine: use one of its addresses, or 0.0.0.0, with \(option)"
        default:
            reason = "\(error)"
        }
    }
}
