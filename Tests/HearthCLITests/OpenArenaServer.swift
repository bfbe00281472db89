import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real OpenArena dedicated server (ioquake3) on loopback with four bots, for the game stats
/// tests: it writes a real `games.log` and answers the Quake III status queries. Needs the Debian
/// package `openarena-server` (scripts/setup --test-tools installs it).
final class OpenArenaServer: @unchecked Sendable {
    static let binary = "/usr/games/openarena-server"
    static var unavailable: String? {
        FileManager.default.isExecutableFile(atPath: binary)
            ? nil : "\(binary) is missing: scripts/setup --test-tools installs the Debian package openarena-server"
    }

    let home: URL
    let port: Int
    private let process = Process()
    private let console = Pipe()

    var address: String { "127.0.0.1:\(port)" }
    var log: URL { home.appendingPathComponent(".openarena/baseoa/games.log") }

    /// Starts a free-for-all on oa_dm1 to `fraglimit`, four times faster than real time (cheats on,
    /// `timescale 4`; the log's times are game time all the same).
    init(fraglimit: Int = 10) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-openarena-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        port = Self.freeUDPPort()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        let settings = [
            "dedicated": "1", "net_enabled": "1", "net_ip": "127.0.0.1", "net_port": "\(port)", "sv_master1": "",
            "sv_master2": "", "sv_master3": "", "sv_master4": "", "sv_master5": "", "sv_hostname": "LAN-party test",
            "g_log": "games.log", "g_logsync": "1", "bot_enable": "1", "g_gametype": "0",
            "fraglimit": "\(fraglimit)", "timelimit": "10",
        ]
        var arguments = settings.sorted { $0.key < $1.key }.flatMap { ["+set", $0.key, $0.value] }
        arguments += ["+devmap", "oa_dm1", "+timescale", "4"]
        for bot in ["Angelyss", "Grism", "Major", "Sarge"] { arguments += ["+addbot", bot, "3"] }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        process.environment = environment
        process.standardInput = console
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Stops the server (`quit` on its console), then its folder.
    func stop() {
        if process.isRunning {
            try? console.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: home)
    }

    /// The log as written so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The first finished match of the log: each player's final score (`score:` lines after
    /// `Exit`), and how many kills it had.
    func firstFinishedMatch() -> (scores: [String: Int], kills: Int)? {
        let lines = logText.split(separator: "\n").map(String.init)
        guard let exit = lines.firstIndex(where: { $0.contains(" Exit: ") }) else { return nil }
        let start = lines[..<exit].lastIndex { $0.contains(" InitGame: ") } ?? 0
        let kills = lines[start..<exit].filter { $0.contains(" Kill: ") }.count
        var scores: [String: Int] = [:]
        for line in lines[exit...] {
            if line.contains(" ShutdownGame:") || line.contains(" InitGame: ") { break }
            // `  2:28 score: 10  ping: 0  client: 0 Angelyss`
            guard let range = line.range(of: " score: "), let client = line.range(of: "  client: ") else { continue }
            let score = Int(line[range.upperBound...].prefix { $0 == "-" || $0.isNumber }) ?? 0
            let name = line[client.upperBound...].drop { $0.isNumber }.dropFirst()
            scores[String(name)] = score
        }
        return scores.isEmpty ? nil : (scores, kills)
    }

    static func freeUDPPort() -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 27_960...29_960)
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0 { return port }
        }
        return 27_960
    }
}
