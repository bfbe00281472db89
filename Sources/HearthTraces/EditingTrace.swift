import Foundation

/// One of the recorded editing traces in `Tests/Traces` (a copy of `../shared/data/traces`;
/// format and attribution in its README).
public struct EditingTrace: Sendable {
    public typealias Patch = (position: Int, deleteCount: Int, insert: String)

    public struct Transaction: Sendable {
        public var parents: [Int]
        public var agent: Int
        public var patches: [Patch]
    }

    public var name: String
    public var startContent: String
    public var endContent: String
    public var isConcurrent: Bool
    public var agentCount: Int
    public let transactions: [Transaction]
    /// Every transaction's patches one after the other, in one array: a sequential trace is
    /// replayed from it, since walking a separate array per transaction (one per patch on most
    /// synthetic traces) missed the cache on each, a tenth of a replay's time.
    public let patchesInOrder: [Patch]

    public init(
        name: String, startContent: String, endContent: String, isConcurrent: Bool, agentCount: Int,
        transactions: [Transaction]
    ) {
        self.name = name
        self.startContent = startContent
        self.endContent = endContent
        self.isConcurrent = isConcurrent
        self.agentCount = agentCount
        self.transactions = transactions
        patchesInOrder = transactions.flatMap(\.patches)
    }

    public var patchCount: Int { patchesInOrder.count }

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

public struct TraceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
