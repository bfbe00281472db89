import Foundation
import HummingbirdWSClient
import Logging

extension APIClient {
    /// Follows the node's event stream (`/v1/events`) until the node closes it or `handle`
    /// throws. `subscribed` runs once the stream is open (so history read there and the live
    /// events that follow leave no gap); `handle` gets each event's type and its JSON text.
    /// - Throws: `ClientError` when the node refuses the token, cannot be reached, or the
    ///   terminal fell so far behind that events were lost.
    public func followEvents(
        subscribed: @escaping @Sendable () async throws -> Void = {},
        _ handle: @escaping @Sendable (_ type: String, _ json: String) async throws -> Void
    ) async throws {
        struct Envelope: Decodable { var type: String }
        let url = baseURL.absoluteString.replacingOccurrences(of: "http://", with: "ws://") + "/v1/events"
        do {
            let close = try await WebSocketClient.connect(
                url: url, configuration: .init(additionalHeaders: [.authorization: "Bearer \(token)"]),
                logger: Logger(label: "hearth.events")
            ) { inbound, _, _ in
                try await subscribed()
                for try await frame in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = frame,
                        let event = try? APIClient.decoder.decode(Envelope.self, from: Data(text.utf8))
                    else { continue }
                    if event.type == "hello" { continue }  // where the stream starts: not an event
                    if event.type == "resync" {
                        throw ClientError(
                            "this terminal fell too far behind the node's events and missed some; run the command again"
                        )
                    }
                    try await handle(event.type, text)
                }
            }
            if case .unknown(4401) = close?.closeCode {
                throw ClientError("the node refused the API token in \(folder.apiTokenPath)")
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw unreachable(error)
        }
    }
}
