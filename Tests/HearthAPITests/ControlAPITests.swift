import Foundation
import HearthAPI
import HearthNode
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The control API over real HTTP on loopback, against a real node and database.
@Suite struct ControlAPITests {
    let token = APIHarness.token

    func withAPI(_ body: @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        try await APIHarness.withAPI(body)
    }

    func json(_ response: TestResponse) throws -> Any { try APIHarness.json(response) }

    @Test func requestsWithoutTheRightTokenGet401() async throws {
        try await withAPI { client, _ in
            let none = try await client.execute(uri: "/v1/status", method: .get).status
            let wrong = try await client.execute(
                uri: "/v1/status", method: .get, headers: [.authorization: "Bearer not-it"]
            ).status
            let wrongInQuery = try await client.execute(uri: "/v1/status?token=not-it", method: .get).status
            let rightInQuery = try await client.execute(uri: "/v1/status?token=\(token)", method: .get).status
            #expect([none, wrong, wrongInQuery] == [.unauthorized, .unauthorized, .unauthorized])
            #expect(rightInQuery == .unauthorized, "the token is never taken from a URL")
        }
    }

    @Test func chatRoundTripWithTheDocumentedFields() async throws {
        try await withAPI { client, headers in
            let created = try await client.execute(
                uri: "/v1/chat/channels", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name":"general","topic":"frag talk"}"#))
            #expect(created.status == .created)
            let root = try await client.execute(
                uri: "/v1/chat/channels/general/messages", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"text":"gg, rematch on dm4?"}"#))
            #expect(root.status == .created)
            let rootID = try #require((try json(root) as? [String: Any])?["id"] as? String)
            let reply = try await client.execute(
                uri: "/v1/chat/channels/general/messages", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"text":"yes","replyTo":"\#(rootID)"}"#))
            #expect(reply.status == .created)

            let read = try await client.execute(
                uri: "/v1/chat/channels/general/messages", method: .get, headers: headers)
            let messages = try #require(try json(read) as? [[String: Any]])
            #expect(messages.map { $0["text"] as? String } == ["gg, rematch on dm4?", "yes"])
            let first = messages[0]
            for field in ["id", "channel", "author", "authorName", "text", "time", "replyTo", "replies"] {
                #expect(first.keys.contains(field), "missing \(field)")
            }
            #expect(first["replyTo"] is NSNull)
            #expect(first["replies"] as? Int == 1)
            #expect(messages[1]["replyTo"] as? String == rootID)
            let time = try #require(first["time"] as? String)
            #expect(ISO8601DateFormatter.withFractionalSeconds.date(from: time) != nil, "\(time) is ISO 8601")

            let thread = try await client.execute(
                uri: "/v1/chat/messages/\(rootID)/thread", method: .get, headers: headers)
            let replies = try #require((try json(thread) as? [String: Any])?["replies"] as? [[String: Any]])
            #expect(replies.map { $0["text"] as? String } == ["yes"])

            let channels = try await client.execute(uri: "/v1/chat/channels", method: .get, headers: headers)
            let listed = try #require(try json(channels) as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == ["general"])
            #expect(listed.first?["topic"] as? String == "frag talk")
        }
    }

    @Test func errorsAreJSONWithACodeAndAStatus() async throws {
        try await withAPI { client, headers in
            let missing = try await client.execute(
                uri: "/v1/chat/channels/nowhere/messages", method: .get, headers: headers)
            #expect(missing.status == .notFound)
            #expect(try errorCode(missing) == "not_found")

            _ = try await client.execute(
                uri: "/v1/chat/channels", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name":"general"}"#))
            let long = String(repeating: "x", count: 4001)
            let tooLong = try await client.execute(
                uri: "/v1/chat/channels/general/messages", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"text":"\#(long)"}"#))
            #expect(tooLong.status == .contentTooLarge)
            #expect(try errorCode(tooLong) == "too_large")

            let garbled = try await client.execute(
                uri: "/v1/chat/channels/general/messages", method: .post, headers: headers,
                body: ByteBuffer(string: "{not json"))
            #expect(garbled.status == .badRequest)
            #expect(try errorCode(garbled) == "invalid_argument")

            let badLimit = try await client.execute(
                uri: "/v1/chat/channels/general/messages?limit=0", method: .get, headers: headers)
            #expect(badLimit.status == .badRequest)
        }
    }

    @Test func aKnownPathAskedWithAnotherMethodGets405WithAllow() async throws {
        try await withAPI { client, headers in
            let status = try await client.execute(uri: "/v1/status", method: .post, headers: headers)
            #expect(status.status == .methodNotAllowed)
            #expect(status.headers[.allow] == "GET")
            #expect(try errorCode(status) == "method_not_allowed")
            let channels = try await client.execute(uri: "/v1/chat/channels", method: .delete, headers: headers)
            #expect(channels.status == .methodNotAllowed)
            #expect(channels.headers[.allow] == "GET, POST")
            let messages = try await client.execute(
                uri: "/v1/chat/channels/general/messages", method: .put, headers: headers)
            #expect(messages.headers[.allow] == "GET, POST", "a path with a parameter matches too")
            let unknown = try await client.execute(uri: "/v1/nothing-here", method: .post, headers: headers)
            #expect(unknown.status == .notFound)
        }
    }

    func errorCode(_ response: TestResponse) throws -> String? {
        ((try json(response) as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withFractionalSeconds: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
