import Foundation
import HearthClient
import HummingbirdWSClient
import Logging

/// Follows one node's WebSocket event stream and records when benchmark messages arrive.
enum EventWatcher {
    private struct Event: Decodable {
        struct Message: Decodable { var text: String }
        var message: Message?
    }

    /// Runs until cancelled; messages whose text starts with `prefix` are logged by their text.
    static func watch(_ node: BenchNode, index: Int, prefix: String, into log: DeliveryLog) async throws {
        let url = node.client.baseURL.absoluteString.replacingOccurrences(of: "http://", with: "ws://") + "/v1/events"
        var logger = Logger(label: "bench.events")
        logger.logLevel = .error
        let authorised = WebSocketClientConfiguration(additionalHeaders: [.authorization: "Bearer \(node.client.token)"]
        )
        try await WebSocketClient.connect(url: url, configuration: authorised, logger: logger) { inbound, _, _ in
            for try await frame in inbound.messages(maxSize: 1 << 22) {
                let now = ContinuousClock.now
                guard case .text(let text) = frame, text.contains(prefix),
                    let event = try? JSONDecoder().decode(Event.self, from: Data(text.utf8)),
                    let message = event.message, message.text.hasPrefix(prefix)
                else { continue }
                await log.record(message.text, node: index, at: now)
            }
        }
    }
}
