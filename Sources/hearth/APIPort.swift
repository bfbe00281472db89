import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The control API's port across restarts: with the default `--api` (a free port), a node takes
/// the port it had last time when it is still free, so an open web UI tab (its address names the
/// port) reconnects after a restart instead of losing its node.
enum APIPort {
    static func path(in folder: String) -> String { folder + "/api-port" }

    /// The port to ask for: the one asked for, or (for port 0) last time's if it is free now.
    static func preferred(_ requested: Int, host: String, folder: String) -> Int {
        guard requested == 0, let text = try? String(contentsOfFile: path(in: folder), encoding: .utf8),
            let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), (1...65535).contains(port),
            isFree(port, host: host)
        else { return requested }
        return port
    }

    static func remember(_ port: Int, folder: String) {
        try? Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: path(in: folder)), options: .atomic)
    }

    /// Whether a TCP socket could be bound on `host`:`port` now.
    static func isFree(_ port: Int, host: String) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
