import Foundation
import HearthDashboardModels
import HearthNode

#if canImport(Glibc)
    import Glibc
#endif

/// Measures this node's health: CPU since the last probe, resident memory, how long a database
/// read takes, uptime and peers.
struct HealthProbe {
    private var lastCPU: (seconds: Double, at: Double)?

    mutating func report(for node: Node) async -> HealthReport {
        let now = Node.monotonicSeconds()
        let cpu = Self.cpuSeconds()
        var percent = 0.0
        if let last = lastCPU, now > last.at { percent = max(0, (cpu - last.seconds) / (now - last.at) * 100) }
        lastCPU = (cpu, now)
        let start = ContinuousClock.now
        _ = try? node.read { try $0.row("SELECT 1 AS one") }
        let elapsed = ContinuousClock.now - start
        let databaseMs = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let status = try? await node.status()
        return HealthReport(
            version: status?.version ?? "", uptimeSeconds: Date().timeIntervalSince(node.startedAt),
            cpuPercent: (percent * 10).rounded() / 10, memoryBytes: Self.residentBytes(),
            databaseMs: (databaseMs * 100).rounded() / 100, peers: status?.peers ?? 0)
    }

    /// User and system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Resident memory, from /proc (0 where there is none).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
