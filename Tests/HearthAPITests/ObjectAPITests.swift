import Foundation
import HearthAPI
import HearthChat
import HearthNode
import HearthObjects
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `/v1/objects…` over real HTTP on loopback, against a real node running the objects app.
@Suite struct ObjectAPITests {
    func withAPI(_ body: @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        try await APIHarness.withAPI(apps: [ChatApp(), ObjectsApp()], body)
    }

    func json(_ response: TestResponse) throws -> Any { try APIHarness.json(response) }

    @Test func aListIsCreatedEditedAndReadWithTheDocumentedFields() async throws {
        try await withAPI { client, headers in
            let created = try await client.execute(
                uri: "/v1/objects", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"kind":"list","title":"map vote"}"#))
            #expect(created.status == .created)
            let object = try #require(try json(created) as? [String: Any])
            let id = try #require(object["id"] as? String)
            #expect(object["kind"] as? String == "list")
            #expect(object["title"] as? String == "map vote")
            #expect(object["value"] as? [String] == [])
            for edit in [#"{"action":"insert","value":"dm4"}"#, #"{"action":"insert","value":"q3dm17","at":0}"#] {
                let edited = try await client.execute(
                    uri: "/v1/objects/\(id)/edits", method: .post, headers: headers, body: ByteBuffer(string: edit))
                #expect(edited.status == .ok)
            }
            let read = try await client.execute(uri: "/v1/objects/\(id)", method: .get, headers: headers)
            let value = try #require(try json(read) as? [String: Any])
            #expect(value["value"] as? [String] == ["q3dm17", "dm4"])
            #expect(value["ops"] as? Int == 2)
            let listed = try await client.execute(uri: "/v1/objects?limit=10", method: .get, headers: headers)
            #expect((try json(listed) as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        }
    }

    @Test func badEditsAndUnknownObjectsGetClearErrors() async throws {
        try await withAPI { client, headers in
            let created = try await client.execute(
                uri: "/v1/objects", method: .post, headers: headers, body: ByteBuffer(string: #"{"kind":"counter"}"#))
            let id = try #require((try json(created) as? [String: Any])?["id"] as? String)
            let wrongAction = try await client.execute(
                uri: "/v1/objects/\(id)/edits", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"action":"insert","text":"x"}"#))
            #expect(wrongAction.status == .badRequest)
            #expect(
                ((try json(wrongAction) as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
                    == "a counter object takes the edits add, not 'insert'")
            let badKind = try await client.execute(
                uri: "/v1/objects", method: .post, headers: headers, body: ByteBuffer(string: #"{"kind":"blob"}"#))
            #expect(badKind.status == .badRequest)
            let unknown = try await client.execute(
                uri: "/v1/objects/aaaaaaaaaaaaaaaaaaaaaaaaaa", method: .get, headers: headers)
            #expect(unknown.status == .notFound)
            let malformed = try await client.execute(uri: "/v1/objects/not-an-id!", method: .get, headers: headers)
            #expect(malformed.status == .badRequest)
        }
    }
}
