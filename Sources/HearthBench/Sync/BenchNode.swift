import Foundation
import HearthClient
import HearthLocations
import HearthNode

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One `hearth up` process on loopback with its own data folder, driven through its control API.
final class BenchNode: @unchecked Sendable {
    let name: String
    let folder: URL
    let process = Process()
    private(set) var client: APIClient!
    /// Posts and other writes go here (`KeptAliveHTTP`); reads of status go through `client`.
    private(set) var http: KeptAliveHTTP!
    private(set) var listen: String = ""

    init(name: String, root: URL) {
        self.name = name
        folder = root.appendingPathComponent(name)
    }

    /// Starts the node and waits for its "ready" line. Discovery is off: only `peers` are dialled.
    func start(binary: URL, network: [String], peers: [String]) async throws {
        process.executableURL = binary
        process.arguments =
            ["up", "--data", folder.path, "--name", name, "--listen", "127.0.0.1:0", "--log-level", "warning"]
            + network + peers.flatMap { ["--peer", $0] }
        var environment = ProcessInfo.processInfo.environment
        environment["HEARTH_MDNS"] = "off"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let name = name
        // Reading the pipe blocks, so it happens off the cooperative thread pool.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                var seen = Data()
                while !String(decoding: seen, as: UTF8.self).contains("ready\n") {
                    let chunk = output.fileHandleForReading.availableData
                    guard !chunk.isEmpty else {
                        return continuation.resume(throwing: ClientError("\(name) exited before it was ready"))
                    }
                    seen += chunk
                }
                continuation.resume()
            }
        }
        client = try APIClient(folder: DataFolderLocation(path: folder.path))
        http = try KeptAliveHTTP(baseURL: client.baseURL, token: client.token)
        listen = try await status().listen ?? ""
    }

    var pid: Int32 { process.processIdentifier }

    func status() async throws -> NodeStatus {
        try await client.get("v1/status", as: NodeStatus.self)
    }

    func invite() async throws -> String {
        struct Answer: Decodable { var invite: String }
        return try await client.get("v1/invite", as: Answer.self).invite
    }

    /// Posts a message; returns its id once the node has committed it.
    @discardableResult func post(channel: String, text: String) async throws -> String {
        struct Body: Encodable { var text: String }
        let answer = try await http.request(.post, "v1/chat/channels/\(channel)/messages", json: Body(text: text))
        return try JSONDecoder().decode(Posted.self, from: answer).id
    }

    /// Sends a direct message to the members named; returns its id once the node has committed it.
    @discardableResult func sendDirect(to members: [String], text: String) async throws -> String {
        struct Body: Encodable {
            var to: [String]
            var text: String
        }
        let answer = try await http.request(.post, "v1/chat/dms/messages", json: Body(to: members, text: text))
        return try JSONDecoder().decode(Posted.self, from: answer).id
    }

    /// Deletes one of this node's messages.
    func delete(message id: String) async throws {
        _ = try await http.request(.delete, "v1/chat/messages/\(id)")
    }

    private struct Posted: Decodable { var id: String }

    func createChannel(_ name: String) async throws {
        struct Body: Encodable { var name: String }
        _ = try await http.request(.post, "v1/chat/channels", json: Body(name: name))
    }

    /// Stops the node with SIGTERM and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
