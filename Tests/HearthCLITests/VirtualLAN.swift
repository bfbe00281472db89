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

    /// `hosts` hosts h1…hN; with `avahi`, each runs its own D-Bus and avahi-daemon.
    init(hosts: Int, avahi: Bool = false) throws {
        name = "t\(UInt32.random(in: 0..<0xFFFF_FFFF) % 100_000)"
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-lan-test-\(name)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try lan(["up", "\(hosts)"] + (avahi ? ["--avahi"] : []))
    }

    /// A node on host `hN`; the nodes listen on port 7070 of their host.
    func node(_ name: String, on host: Int) -> NodeProcess {
        let node = NodeProcess(
            name: name, folder: root.appendingPathComponent(name), port: 7070, lan: (self.name, "h\(host)"))
        nodes.append(node)
        return node
    }

    func partition(_ host: Int) throws { try lan(["partition", "h\(host)"]) }
    func restartAvahi(on host: Int) throws { try lan(["restart-avahi", "h\(host)"]) }
    func heal(_ host: Int) throws { try lan(["heal", "h\(host)"]) }
    /// Hosts `a` and `b` can no longer reach each other's address; the rest of the LAN can.
    func block(_ a: Int, _ b: Int) throws { try lan(["block", "h\(a)", "h\(b)"]) }

    /// Runs a command on host `hN`; returns its output.
    func run(on host: Int, _ command: [String]) throws -> String { try lan(["run", "h\(host)"] + command) }

    func shutdown() {
        for node in nodes { node.stop() }
        _ = try? lan(["down"])
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `scripts/lan` and waits for it with `posix_spawn` and `waitpid` rather than
    /// Foundation's `Process`: with Avahi the script leaves daemons behind, and `Process` was seen
    /// to miss the script's exit then and wait forever. Output goes through temporary files.
    @discardableResult
    private func lan(_ arguments: [String]) throws -> String {
        let output = root.appendingPathComponent("lan-\(UUID().uuidString.prefix(8)).out").path
        let errors = output + ".err"
        defer {
            unlink(output)
            unlink(errors)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([Self.script] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.merging(["HEARTH_LAN": name]) { $1 }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.script, &actions, nil, argv, envp)
        guard spawned == 0 else { throw TestFailure("cannot run scripts/lan: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let out = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw TestFailure("scripts/lan \(arguments.joined(separator: " ")): \(message)")
        }
        return out
    }
}
