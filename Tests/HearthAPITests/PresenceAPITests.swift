import Foundation
import HearthAPI
import HummingbirdTesting
import NIOCore
import Testing

/// `/v1/presence`, `/v1/presence/me`, `/v1/typing` and `/v1/focus` on a live node.
@Suite struct PresenceAPITests {
    let api = ControlAPITests()

    @Test func aNodeShowsItselfAndItsStatusAndRefusesBadOnes() async throws {
        try await api.withAPI { client, headers in
            let set = try await client.execute(
                uri: "/v1/presence/me", method: .put, headers: headers,
                body: ByteBuffer(
                    string:
                        #"{"status":"away","text":"pizza run","game":{"game":"openarena","map":"oa_dm1","server":"10.0.0.5:27960"}}"#
                ))
            #expect(set.status == .ok)
            let listed = try await client.execute(uri: "/v1/presence", method: .get, headers: headers)
            let me = try #require((try api.json(listed) as? [[String: Any]])?.first)
            #expect(me["isSelf"] as? Bool == true)
            #expect(me["status"] as? String == "away")
            #expect(me["text"] as? String == "pizza run")
            #expect((me["game"] as? [String: Any])?["map"] as? String == "oa_dm1")

            for body in [
                #"{"status":"sleeping"}"#, #"{"status":"idle"}"#,
                #"{"status":"away","text":"\#(String(repeating: "x", count: 101))"}"#,
            ] {
                let refused = try await client.execute(
                    uri: "/v1/presence/me", method: .put, headers: headers, body: ByteBuffer(string: body))
                #expect(refused.status == .badRequest, "\(body)")
                #expect(try api.errorCode(refused) == "invalid_argument")
            }
        }
    }

    @Test func typingAndFocusAreTakenOrRefusedWithTheRule() async throws {
        try await api.withAPI { client, headers in
            let typing = try await client.execute(
                uri: "/v1/typing", method: .post, headers: headers, body: ByteBuffer(string: #"{"channel":"general"}"#))
            #expect(typing.status == .ok)
            let noChannel = try await client.execute(
                uri: "/v1/typing", method: .post, headers: headers, body: ByteBuffer(string: #"{"channel":""}"#))
            #expect(noChannel.status == .badRequest)
            let object = String(repeating: "a", count: 26)
            let focus = try await client.execute(
                uri: "/v1/focus", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"object":"\#(object)","position":"AAE="}"#))
            #expect(focus.status == .ok)
            let cleared = try await client.execute(
                uri: "/v1/focus", method: .post, headers: headers, body: ByteBuffer(string: #"{"object":null}"#))
            #expect(cleared.status == .ok)
            for body in [#"{"object":"not-an-id"}"#, #"{"object":"\#(object)","position":"%%%"}"#] {
                let refused = try await client.execute(
                    uri: "/v1/focus", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(refused.status == .badRequest, "\(body)")
            }
        }
    }
}
