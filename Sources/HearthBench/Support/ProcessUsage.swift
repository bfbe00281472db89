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
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let rssLine = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(rssLine.split(separator: " ").dropFirst().first ?? ""),
            let anonLine = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
            let anonKilobytes = Int(anonLine.split(separator: " ").dropFirst().first ?? ""),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        residentBytes = kilobytes * 1024
        privateBytes = anonKilobytes * 1024
        cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// This process's peak resident memory so far.
    static func peakResidentBytesOfSelf() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}
