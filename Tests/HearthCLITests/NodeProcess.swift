import Foundation

/// A real `hearth up` process with its own data folder, driven through the real CLI.
final class NodeProcess: @unchecked Sendable {
    static var binary: String {
        ProcessInfo.processInfo.environment["HEARTH_BINARY"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/hearth").path
    }

    let name: String
    let folder: URL
    private(set) var port: Int
    /// The virtual LAN host the node runs on (`scripts/lan run HOST`), or nil for loopback.
    let lan: (name: String, host: String)?
    /// The discovery backend on a virtual LAN host (`--mdns`).
    var mdns = "builtin"
    private var process: Process?
    private(set) var log = ""

    init(name: String, folder: URL, port: Int, lan: (name: String, host: String)? = nil) {
        self.name = name
        self.folder = folder
        self.port = port
        self.lan = lan
    }

    var pid: Int32? { process?.processIdentifier }
    var isRunning: Bool { process?.isRunning ?? false }

    /// Starts the node and waits until it prints "ready". On loopback discovery is off; on a
    /// virtual LAN host the node listens on every interface with the built-in mDNS responder.
    func start(
        passphrase: String = "test passphrase", network: String = "testnet", peers: [NodeProcess] = [],
        options: [String] = []
    ) async throws {
        // A port checked free a moment ago can still be taken by then (another program on a busy
        // CI machine): a first start moves to another port, as a person would; a restart keeps its
        // port, which its peers know.
        for attempt in 1...3 {
            do {
                return try await startOnce(passphrase: passphrase, network: network, peers: peers, options: options)
            } catch let failure as TestFailure
                where attempt < 3 && log.isEmpty && lan == nil && failure.description.contains("already in use")
            {
                port = Cluster.freePort()
            }
        }
    }

    private func startOnce(
        passphrase: String, network: String, peers: [NodeProcess], options: [String]
    ) async throws {
        let listen = lan == nil ? "127.0.0.1:\(port)" : "0.0.0.0:\(port)"
        var arguments = [
            "up", "--data", folder.path, "--name", name, "--network", network, "--passphrase", passphrase,
            "--listen", listen, "--log-level", "info",
        ]
        for peer in peers { arguments += ["--peer", "127.0.0.1:\(peer.port)"] }
        arguments += options
        let process = Process()
        var environment = ProcessInfo.processInfo.environment
        if let lan {
            process.executableURL = URL(fileURLWithPath: VirtualLAN.script)
            process.arguments = ["run", lan.host, Self.binary] + arguments
            environment["HEARTH_LAN"] = lan.name
            environment["HEARTH_MDNS"] = mdns
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
            environment["HEARTH_MDNS"] = "off"
        }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        if let errors = FileHandle(forWritingAtPath: folder.path + ".log") ?? Self.createLog(folder.path + ".log") {
            errors.seekToEndOfFile()
            process.standardError = errors
        }
        try process.run()
        self.process = process
        var buffer = Data()
        while !String(decoding: buffer, as: UTF8.self).contains("ready\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw TestFailure("\(name) exited before it was ready: \(stderrLog)") }
            buffer += chunk
        }
        log = String(decoding: buffer, as: UTF8.self)
    }

    private static func createLog(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }

    var stderrLog: String { (try? String(contentsOfFile: folder.path + ".log", encoding: .utf8)) ?? "" }

    /// Stops with SIGTERM (clean) or SIGKILL, and waits for the exit.
    func stop(kill: Bool = false) {
        guard let process, process.isRunning else { return }
        if kill { Foundation.kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
        self.process = nil
    }

    /// Runs a client command against this node; returns stdout, throws with stderr on failure.
    @discardableResult
    func cli(_ arguments: String...) throws -> String {
        try Self.run(arguments + ["--data", folder.path], lan: lan)
    }

    static func run(_ arguments: [String], lan: (name: String, host: String)? = nil) throws -> String {
        let process = Process()
        if let lan {
            process.executableURL = URL(fileURLWithPath: VirtualLAN.script)
            process.arguments = ["run", lan.host, binary] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["HEARTH_LAN"] = lan.name
            process.environment = environment
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure(String(decoding: errors, as: UTF8.self), status: process.terminationStatus)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts a client command that keeps printing (`chat tail`, `watch`) against this node; its
    /// output lines collect in `lines`.
    func follow(_ arguments: String...) throws -> Follower {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments + ["--data", folder.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let lines = LineCollector()
        output.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        try process.run()
        return Follower(process: process, output: output, lines: lines)
    }

    struct Follower {
        let process: Process
        let output: Pipe
        let lines: LineCollector

        func stop() {
            process.terminate()
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
        }
    }

    /// The channel's messages as JSON objects, oldest first.
    func messages(_ channel: String) throws -> [[String: Any]] {
        let json = try cli("chat", "read", channel, "--limit", "1000", "--json", "--keep-unread")
        return (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]) ?? []
    }

    func texts(_ channel: String) -> [String] {
        ((try? messages(channel)) ?? []).compactMap { $0["text"] as? String }
    }

    /// How this node shows the node named `name`: its status and text; nil if it is not listed.
    func presence(of name: String) -> (status: String, text: String)? {
        guard let json = try? cli("presence", "--json"),
            let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]],
            let entry = list.first(where: { $0["name"] as? String == name })
        else { return nil }
        return ((entry["status"] as? String) ?? "", (entry["text"] as? String) ?? "")
    }

    func peerCount() -> Int {
        guard let json = try? cli("peers", "--json"),
            let peers = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any]
        else { return 0 }
        return peers.count
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    var status: Int32 = 1
    init(_ description: String, status: Int32 = 1) {
        self.description = description
        self.status = status
    }
}

/// A test cluster: temporary folders and free loopback ports; stops every process it started.
final class Cluster: @unchecked Sendable {
    let root: URL
    private(set) var nodes: [NodeProcess] = []

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hearth-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func node(_ name: String) -> NodeProcess {
        let node = NodeProcess(name: name, folder: root.appendingPathComponent(name), port: Self.freePort())
        nodes.append(node)
        return node
    }

    /// alice and bob, started and linked to each other.
    /// - Throws: `TestFailure` when they are not linked within 10 s.
    func linkedPair() async throws -> (NodeProcess, NodeProcess) {
        let a = node("alice")
        let b = node("bob")
        try await a.start()
        try await b.start(peers: [a])
        guard try await eventually({ a.peerCount() == 1 && b.peerCount() == 1 }) else {
            throw TestFailure("alice and bob did not link within 10 s")
        }
        return (a, b)
    }

    func shutdown() {
        for node in nodes { node.stop() }
        try? FileManager.default.removeItem(at: root)
    }

    /// A loopback port nobody uses right now, taken from below the kernel's ephemeral range, so no
    /// outgoing connection and no port-0 listener (a node's control API) can be handed it between
    /// this pick and the node's own bind. Each port is handed out once per test process.
    static func freePort() -> Int {
        PortPicker.shared.next()
    }
}

/// Hands out loopback ports outside the ephemeral range, each once, checking that each binds.
final class PortPicker: @unchecked Sendable {
    static let shared = PortPicker()
    private let lock = NSLock()
    private var candidate: Int
    private let limit: Int

    private init() {
        let ephemeralLow = Self.ephemeralRangeLow()
        limit = max(ephemeralLow, 12_000)
        let span = max(limit - 10_000, 1)
        candidate = 10_000 + Int(getpid()) * 97 % span
    }

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        for _ in 0..<(limit - 10_000) {
            let port = candidate
            candidate = candidate + 1 >= limit ? 10_000 : candidate + 1
            if Self.binds(port) { return port }
        }
        fatalError("no free loopback port below \(limit)")
    }

    /// The low end of `net.ipv4.ip_local_port_range` (32768 when it cannot be read).
    private static func ephemeralRangeLow() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
            let low = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap({ Int($0) })
        else { return 32_768 }
        return low
    }

    private static func binds(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        return result == 0
    }
}

/// Polls `condition` until it holds or `timeout` passes (the state lives in other processes,
/// so there is no in-process event to await).
func eventually(timeout: Double = 10, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if (try? condition()) == true { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try condition()
}
