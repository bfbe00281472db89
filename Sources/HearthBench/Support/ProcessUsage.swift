import Foundation

/// Resident memory and CPU time of a process, read from `/proc` (Linux).
struct ProcessUsage {
    var residentBytes: Int
    /// The private part of resident memory (heap, stacks); the rest is mapped library code,
    /// shared by every process that uses the same libraries.
    var privateBytes: Int
    /// User + system CPU time so far, in seconds.
    var cpuSeconds: Double

    init?(pid: Int32) {
        guard let resident = Self.statusBytes("VmRSS", of: "\(pid)"),
            let unshared = Self.statusBytes("RssAnon", of: "\(pid)"),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        residentBytes = resident
        privateBytes = unshared
        cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// This process's peak resident memory so far.
    static func peakResidentBytesOfSelf() -> Int { statusBytes("VmHWM", of: "self") ?? 0 }

    /// A size field (`NAME:   1234 kB`) of `/proc/PROCESS/status`, in bytes.
    private static func statusBytes(_ name: String, of process: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }
}
