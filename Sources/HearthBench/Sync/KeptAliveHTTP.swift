import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// The benchmark's requests into a node's control API over kept-alive HTTP/1.1 connections
/// (SwiftNIO, through Hummingbird's test client), as a browser's `fetch` makes them. Foundation's
/// `URLSession` goes through libcurl on Linux and cost the benchmark process more CPU per post
/// than a node spends storing it, on the same two cores, and handed each answer back about half a
/// millisecond after the node sent it. Each request takes a connection no other request is using
/// (one is opened when none is free); a connection goes back for reuse only if the node kept it
/// open, and one left unused for 20 s is closed before the node's 30 s idle limit closes it.
actor KeptAliveHTTP {
    private let host: String
    private let port: Int
    private let token: String
    private var idle: [(client: TestClient, since: ContinuousClock.Instant)] = []
    static let maxIdle = Duration.seconds(20)

    init(baseURL: URL, token: String) throws {
        guard let host = baseURL.host, let port = baseURL.port else {
            throw BenchError("the node's API address \(baseURL) has no host and port")
        }
        self.host = host
        self.port = port
        self.token = token
    }

    /// Sends one request (a JSON body, if any) and returns the answer's body.
    /// - Throws: `BenchError` with the node's answer when it is not a success.
    func request(_ method: HTTPRequest.Method, _ path: String, json body: (any Encodable)? = nil) async throws -> Data {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONEncoder().encode(body))
        }
        var client = take()
        // A kept connection the node has closed meanwhile: nothing was sent on it, so a fresh one
        // takes the request.
        if let channel = try? await client.getChannel(), !channel.isActive {
            try? await client.shutdown()
            client = connect()
        }
        let response: TestClient.Response
        do {
            response = try await client.execute(
                .init("/" + path, method: method, authority: "\(host):\(port)", headers: headers, body: buffer))
        } catch {
            try? await client.shutdown()
            throw error
        }
        if response.head.headerFields[.connection]?.lowercased() == "close" {
            try? await client.shutdown()
        } else {
            idle.append((client, .now))
        }
        let answer = response.body.map { Data($0.readableBytesView) } ?? Data()
        guard (200..<300).contains(response.status.code) else {
            throw BenchError(
                "\(method) \(path): HTTP \(response.status.code) \(String(decoding: answer, as: UTF8.self))")
        }
        return answer
    }

    private func take() -> TestClient {
        let now = ContinuousClock.now
        while let (client, since) = idle.popLast() {
            if now - since < Self.maxIdle { return client }
            Task { try? await client.shutdown() }
        }
        return connect()
    }

    private func connect() -> TestClient {
        let client = TestClient(host: host, port: port)
        client.connect()
        return client
    }
}
