import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One raw TCP exchange with a server on loopback, for requests no HTTP client would send.
struct RawHTTP: Sendable {
    struct Answer: Sendable {
        var text: String
        /// The server closed the connection (it did not just stop answering).
        var closed: Bool
        var status: Int? { text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } }
        var body: String { text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }
    }

    let port: Int

    /// Opens a connection (kept until `close`), for tests that hold many.
    func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    /// Runs blocking socket work on a thread of its own, never on the cooperative pool that the
    /// server under test needs.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    func exchange(_ bytes: [UInt8], timeout: Double = 5) async throws -> Answer {
        try await Self.offPool { try self.exchangeBlocking(bytes, timeout: timeout) }
    }

    func exchange(_ text: String, timeout: Double = 5) async throws -> Answer {
        try await exchange(Array(text.utf8), timeout: timeout)
    }

    /// On a held connection: sends `bytes` and returns as soon as one whole answer has arrived.
    func exchange(on fd: Int32, _ bytes: [UInt8], timeout: Double = 5) async throws -> Answer {
        try await Self.offPool { try self.exchangeBlocking(on: fd, bytes, timeout: timeout, untilAnswered: true) }
    }

    /// A status line, headers and as many body bytes as `Content-Length` says.
    static func isCompleteAnswer(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return true }
        return text[end.upperBound...].utf8.count >= length
    }

    func read(_ fd: Int32, timeout: Double) async throws -> Answer {
        try await Self.offPool { self.readBlocking(fd, timeout: timeout) }
    }

    private func exchangeBlocking(_ bytes: [UInt8], timeout: Double) throws -> Answer {
        let fd = try connect()
        defer { Glibc.close(fd) }
        return try exchangeBlocking(on: fd, bytes, timeout: timeout)
    }

    private func exchangeBlocking(on fd: Int32, _ bytes: [UInt8], timeout: Double, untilAnswered: Bool = false) throws
        -> Answer
    {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }  // the server may close before reading everything
            sent += count
        }
        return readBlocking(fd, timeout: timeout, untilAnswered: untilAnswered)
    }

    /// Reads until the server closes or `timeout` passes without data.
    private func readBlocking(_ fd: Int32, timeout: Double, untilAnswered: Bool = false) -> Answer {
        var interval = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 || (count < 0 && errno == ECONNRESET) {
                return Answer(text: String(decoding: received, as: UTF8.self), closed: true)
            }
            if count < 0 { return Answer(text: String(decoding: received, as: UTF8.self), closed: false) }
            received += buffer[..<count]
            if untilAnswered, Self.isCompleteAnswer(received) {
                return Answer(text: String(decoding: received, as: UTF8.self), closed: false)
            }
        }
    }
}
