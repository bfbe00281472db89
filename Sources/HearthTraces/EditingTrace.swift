import Foundation

/// One of the recorded editing traces in `Tests/Traces` (a copy of `../shared/data/traces`;
/// format and attribution in its README).
public struct EditingTrace: Sendable {
    public typealias Patch = (position: Int, deleteCount: Int, insert: String)

    public struct Transaction: Sendable {
        public let parents: [Int]
        public let agent: Int
        /// Its patches' places in `patches`.
        public let patchRange: Range<Int>
    }

    public let name: String
    public let startContent: String
    public let endContent: String
    public let isConcurrent: Bool
    public let agentCount: Int
    public let transactions: [Transaction]
    /// Every transaction's patches, one after the other in one array (a sequential trace is
    /// replayed straight through it: an array per transaction missed the cache on each).
    public let patches: [Patch]

    public var patchCount: Int { patches.count }

    /// `HEARTH_TRACES`, else the copy in the repository.
    public static var folder: URL {
        if let explicit = ProcessInfo.processInfo.environment["HEARTH_TRACES"] {
            return URL(fileURLWithPath: explicit)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Traces")
    }

    public static func available() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json.gz") }.sorted()
    }

    /// Reads and decompresses a trace (with the system's gzip); `file` is a name in `folder` or a path.
    public static func load(_ file: String) throws -> EditingTrace {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.contains("/") ? file : folder.appendingPathComponent(file).path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let end = root["endContent"] as? String, let txns = root["txns"] as? [[String: Any]]
        else { throw TraceError("\(file) is not an editing trace") }
        var patches: [Patch] = []
        let transactions = try txns.map { txn in
            guard let patchesOfTxn = txn["patches"] as? [[Any]] else {
                throw TraceError("a transaction without patches")
            }
            let start = patches.count
            for patch in patchesOfTxn {
                guard patch.count == 3, let position = patch[0] as? Int, let deleteCount = patch[1] as? Int,
                    let insert = patch[2] as? String
                else { throw TraceError("a malformed patch") }
                patches.append((position, deleteCount, insert))
            }
            return Transaction(
                parents: txn["parents"] as? [Int] ?? [], agent: txn["agent"] as? Int ?? 0,
                patchRange: start..<patches.count)
        }
        return EditingTrace(
            name: file, startContent: root["startContent"] as? String ?? "", endContent: end,
            isConcurrent: root["kind"] as? String == "concurrent", agentCount: root["numAgents"] as? Int ?? 1,
            transactions: transactions, patches: patches)
    }
}

public struct TraceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
