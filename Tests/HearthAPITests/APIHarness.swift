import Foundation
import HearthAPI
import HearthChat
import HearthNode
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import Logging

/// A real node behind the control API on loopback, for the API suites.
enum APIHarness {
    static let token = "test-token-0123456789"

    /// Runs `body` with a live client and the headers of an authorised JSON request.
    static func withAPI(
        apps: [any HearthApp] = [ChatApp()], _ body: @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void
    ) async throws {
        let test = try TestNode(apps: apps)
        let app = ControlAPI(node: test.node, token: token).application(
            host: "127.0.0.1", port: 0, logger: Logger(label: "api") { _ in SwiftLogNoOpLogHandler() })
        let authorised: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        try await app.test(.live) { client in try await body(client, authorised) }
        withExtendedLifetime(test) {}
    }

    static func json(_ response: TestResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    }
}
