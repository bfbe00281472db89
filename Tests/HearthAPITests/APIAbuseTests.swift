import Foundation
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

@testable import HearthAPI
@testable import HearthNode

/// The control API under abuse: every malformed, oversized, slow or surplus connection gets a
/// clear answer and a close, never a hang (`README.md`, "Control API").
@Suite struct APIAbuseTests {
    let token = "test-token-0123456789"

    func withAPI(
        limits: ConnectionGuard.Limits = .init(),
        _ body: @Sendable (RawHTTP, any TestClientProtocol, HTTPFields) async throws -> Void
    ) async throws {
        let test = try TestNode()
        let app = ControlAPI(node: test.node, token: token, limits: limits).application(
            host: "127.0.0.1", port: 0, logger: Logger(label: "api") { _ in SwiftLogNoOpLogHandler() })
        let authorised: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        try await app.test(.live) { client in
            try await body(RawHTTP(port: try #require(client.port)), client, authorised)
        }
        withExtendedLifetime(test) {}
    }

    var auth: String { "Authorization: Bearer \(token)\r\n" }

    @Test func aBodyDeclaredOverTheLimitGets413AndTheConnectionCloses() async throws {
        try await withAPI { raw, _, _ in
            let answer = try await raw.exchange(
                "POST /v1/chat/channels/general/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)Content-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{\"text\":\""
            )
            #expect(answer.status == 413)
            #expect(answer.body.contains("\"too_large\""))
            #expect(answer.closed)
        }
    }

    @Test func aChunkedBodyOverTheLimitGets413() async throws {
        try await withAPI { raw, _, _ in
            let chunk = String(repeating: "x", count: 60_000)
            var request =
                "POST /v1/chat/channels/general/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n"
            for _ in 0..<20 { request += String(chunk.count, radix: 16) + "\r\n" + chunk + "\r\n" }
            request += "0\r\n\r\n"
            let answer = try await raw.exchange(request)
            #expect(answer.status == 413)
            #expect(!answer.text.contains("NIOTooManyBytesError"))
        }
    }

    @Test(arguments: [
        ("FOO /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405),
        ("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n", 431),
        ("GET /v1/status?q=\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 431),
        (
            "GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (0..<10_000).map { "X-H\($0): v\r\n" }.joined() + "\r\n",
            431
        ),
        (
            "POST /v1/chat/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400
        ),
        ("garbage\r\n\r\n", 405),
    ])
    func malformedRequestsAreAnsweredAndClosed(request: String, status: Int) async throws {
        let limits = ConnectionGuard.Limits(connections: 256, requestTimeout: .seconds(10), idleTimeout: .seconds(2))
        try await withAPI(limits: limits) { raw, _, _ in
            let answer = try await raw.exchange(request)
            #expect(answer.status == status, "\(answer.text.prefix(200))")
            #expect(answer.body.contains("\"error\""))
            #expect(answer.closed)
        }
    }

    @Test func aTLSClientHelloIsToldToUsePlainHTTP() async throws {
        try await withAPI { raw, _, _ in
            let answer = try await raw.exchange(
                [0x16, 0x03, 0x01, 0x00, 0x43, 0x01, 0x00, 0x00, 0x3F, 0x03, 0x03] + [UInt8](repeating: 7, count: 60))
            #expect(answer.status == 400)
            #expect(answer.body.contains("http://"))
            #expect(answer.closed)
        }
    }

    @Test func aRequestThatNeverCompletesGets408AndIsClosed() async throws {
        let limits = ConnectionGuard.Limits(
            connections: 256, requestTimeout: .milliseconds(500), idleTimeout: .seconds(30))
        try await withAPI(limits: limits) { raw, _, _ in
            let slow = try await raw.exchange("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a", timeout: 10)
            #expect(slow.status == 408)
            #expect(slow.closed)
        }
    }

    @Test func idleConnectionsAreClosedBeforeAndAfterARequest() async throws {
        let limits = ConnectionGuard.Limits(
            connections: 256, requestTimeout: .seconds(30), idleTimeout: .milliseconds(500))
        try await withAPI(limits: limits) { raw, _, _ in
            let idle = try raw.connect()
            defer { close(idle) }
            #expect(try await raw.read(idle, timeout: 10).closed, "an idle connection is closed")
            let keptAlive = try await raw.exchange(
                "GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)\r\n", timeout: 10)
            #expect(keptAlive.status == 200)
            #expect(keptAlive.closed, "closed once idle after its answer")
        }
    }

    @Test func connectionsOverTheCapAreClosedAtOnceAndTheRestStillWork() async throws {
        let limits = ConnectionGuard.Limits(connections: 4, requestTimeout: .seconds(30), idleTimeout: .seconds(30))
        try await withAPI(limits: limits) { raw, client, headers in
            // Each held connection answers a request first, so the server has accepted it. The
            // test client may hold one connection of its own, so the cap is met after 3 or 4.
            var held: [Int32] = []
            defer { held.forEach { close($0) } }
            let status = Array("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)\r\n".utf8)
            var refused: RawHTTP.Answer?
            while refused == nil, held.count < 6 {
                let connection = try raw.connect()
                held.append(connection)
                let answer = try await raw.exchange(on: connection, status, timeout: 10)
                if answer.status != 200 { refused = answer }
            }
            #expect(refused?.closed == true, "a connection over the cap is closed")
            #expect((4...5).contains(held.count), "refused at the cap, \(held.count - 1) accepted")
            let answer = try await raw.exchange(on: held[0], status, timeout: 10)
            #expect(answer.status == 200, "held connections still work")
            _ = client
            _ = headers
        }
    }

    @Test func errorsSpeakJSONNotSwift() async throws {
        try await withAPI { _, client, headers in
            _ = try await client.execute(
                uri: "/v1/chat/channels", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name":"general"}"#))
            let cases: [(String, String)] = [
                ("{not json", "not valid JSON"), ("[]", "must be a JSON object"), ("{}", "lacks the field 'text'"),
                (#"{"text":123}"#, "the field 'text' must be a string"), ("null", "not null"),
            ]
            for (body, expected) in cases {
                let answer = try await client.execute(
                    uri: "/v1/chat/channels/general/messages", method: .post, headers: headers,
                    body: ByteBuffer(string: body))
                let text = String(buffer: answer.body)
                #expect(answer.status == .badRequest)
                #expect(text.contains(expected), "\(body): \(text)")
                for swiftism in ["Coding", "Dictionary", "DecodingError", "Optional(", "Swift."] {
                    #expect(!text.contains(swiftism), "\(text)")
                }
            }
            let unknown = try await client.execute(uri: "/v1/nowhere", method: .get, headers: headers)
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("there is no GET /v1/nowhere"))
            for limit in ["abc", "1.5", "", "99999999999999999999", "0", "1001"] {
                let answer = try await client.execute(
                    uri: "/v1/chat/channels/general/messages?limit=\(limit)", method: .get, headers: headers)
                #expect(answer.status == .badRequest, "limit=\(limit)")
            }
        }
    }

    @Test func channelCreationSaysWhatHappened() async throws {
        try await withAPI { _, client, headers in
            func create(_ body: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/v1/chat/channels", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await create(#"{"name":"general"}"#).status == .created)
            #expect(try await create(#"{"name":"general","topic":"frag talk"}"#).status == .ok, "it existed")
            let capital = try await create(#"{"name":"General"}"#)
            #expect(capital.status == .badRequest)
            #expect(String(buffer: capital.body).contains("create 'general' instead of 'General'"))
            _ = try await create(#"{"name":"other"}"#)
            let posted = try await client.execute(
                uri: "/v1/chat/channels/other/messages", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"text":"elsewhere"}"#))
            let id = try #require(
                (try JSONSerialization.jsonObject(with: Data(buffer: posted.body)) as? [String: Any])?["id"] as? String)
            let crossed = try await client.execute(
                uri: "/v1/chat/channels/general/messages?before=\(id)", method: .get, headers: headers)
            #expect(crossed.status == .badRequest)
            #expect(String(buffer: crossed.body).contains("is in channel 'other'"))
        }
    }

    @Test func aWebSocketWithoutTheTokenIsClosedWith4401() async throws {
        try await withAPI { raw, _, _ in
            let closeFrame = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(raw.port)/v1/events",
                logger: Logger(label: "ws") { _ in SwiftLogNoOpLogHandler() }
            ) { inbound, _, _ in
                for try await _ in inbound {}
            }
            #expect(closeFrame?.closeCode == .unknown(4401))
            #expect(closeFrame?.reason?.contains("token") == true)
            let badSince = try await raw.exchange(
                "GET /v1/events?since=abc HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                timeout: 2)
            #expect(badSince.status != 101, "a malformed since is refused before the upgrade")
        }
    }
}
