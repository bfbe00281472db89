import Foundation

/// One of the recorded editing traces in `Tests/Traces` (a copy of `../shared/data/traces`;
/// format and attribution in its README).
struct EditingTrace {
    struct Transaction {
        var parents: [Int]
        var agent: Int
        var patches: [(position: Int, deleteCount: Int, insert: String)]
    }

    var name: String
    var startContent: String
    var endContent: String
    var isConcurrent: Bool
    var agentCount: Int
    var transactions: [Transaction]

    var patchCount: Int { transactions.reduce(0) { $0 + $1.patches.count } }

    static var folder: URL {
        if let explicit = ProcessInfo.processInfo.environment["HEARTH_TRACES"] {
            return URL(fileURLWithPath: explicit)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Traces")
    }

    static func available() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json.gz") }.sorted()
    }

    /// Reads and decompresses a trace (with the system's gzip).
    static func load(_ file: String) throws -> EditingTrace {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", folder.appendingPathComponent(file).path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let end = root["endContent"] as? String, let txns = root["txns"] as? [[String: Any]]
        else { throw TraceError("\(file) is not an editing trace") }
        let transactions = try txns.map { txn in
            guard let patches = txn["patches"] as? [[Any]] else { throw TraceError("a transaction without patches") }
            return Transaction(
                parents: txn["parents"] as? [Int] ?? [], agent: txn["agent"] as? Int ?? 0,
                patches: try patches.map { patch in
                    guard patch.count == 3, let position = patch[0] as? Int, let deleteCount = patch[1] as? Int,
                        let insert = patch[2] as? String
                    else { throw TraceError("a malformed patch") }
                    return (position, deleteCount, insert)
                })
        }
        return EditingTrace(
            name: file, startContent: root["startContent"] as? String ?? "", endContent: end,
            isConcurrent: root["kind"] as? String == "concurrent", agentCount: root["numAgents"] as? Int ?? 1,
            transactions: transactions)
    }
}

struct TraceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
