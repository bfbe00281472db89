import Foundation

/// A virtual LAN from `scripts/lan`: hosts in network namespaces on one bridge, with a name of
/// its own so that tests running at once do not meet. Needs root; `VirtualLAN.unavailable` says
/// why it cannot be made here.
final class VirtualLAN: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/lan").path

    let name: String
    let root: URL
    private(set) var nodes: [NodeProcess] = []

    /// Why namespaces cannot be used here, or nil when they can.
    static var unavailable: String? {
        guard getuid() == 0 else { return "virtual LAN tests need root (network namespaces); skipped" }
        guard
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
                || FileManager.default.isExecutableFile(atPath: "/sbin/ip")
        else { return "virtual LAN tests need iproute2 (scripts/setup --test-tools); skipped" }
        return nil
    }

    init(hosts: Int) throws {
        name = "t\(UInt32.random(in: 0..<0xFFFF_FFFF) % 100_000)"
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-lan-test-\(name)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try lan(["up", "\(hosts)"])
    }

    /// A node on host `hN`; the nodes listen on port 7070 of their host.
    func node(_ name: String, on host: Int) -> NodeProcess {
        let node = NodeProcess(
            name: name, folder: root.appendingPathComponent(name), port: 7070, lan: (self.name, "h\(host)"))
        nodes.append(node)
        return node
    }

    func partition(_ host: Int) throws { try lan(["partition", "h\(host)"]) }
    func heal(_ host: Int) throws { try lan(["heal", "h\(host)"]) }

    /// Runs a command on host `hN`; returns its output.
    func run(on host: Int, _ command: [String]) throws -> String { try lan(["run", "h\(host)"] + command) }

    func shutdown() {
        for node in nodes { node.stop() }
        _ = try? lan(["down"])
        try? FileManager.default.removeItem(at: root)
    }

    @discardableResult
    private func lan(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.script)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HEARTH_LAN"] = name
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                "scripts/lan \(arguments.joined(separator: " ")): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
