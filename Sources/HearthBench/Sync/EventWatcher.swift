import Foundation
import HearthClient
import HummingbirdWSClient
import Logging

/// Follows one node's WebSocket event stream and records when benchmark messages arrive.
///
/// A subscriber that falls too far behind gets a `resync` and its stream ends (the node keeps
/// memory bounded). The benchmark, busy with many streams on a loaded machine, can fall behind:
/// it then subscribes again and reads the channel's history, so the messages it missed count as
/// arriving when it reads them (late, never lost) and it says so.
enum EventWatcher {
    private struct Event: Decodable {
        struct Message: Decodable { var text: String }
        var type: String?
        var message: Message?
    }

    private struct HistoryMessage: Decodable {
        var id: String
        var text: String
    }

    /// Runs until cancelled; messages whose text starts with `prefix` are logged by their text.
    static func watch(_ node: BenchNode, index: Int, prefix: String, into log: DeliveryLog) async throws {
        var fellBehind = false
        while !Task.isCancelled {
            guard try await follow(node, index: index, prefix: prefix, readHistory: fellBehind, into: log) else {
                return
            }
            fellBehind = true
            progress("the benchmark fell behind node \(index)'s events: it subscribes again and reads the history")
        }
    }

    /// One subscription; returns true when it ended with a resync.
    private static func follow(
        _ node: BenchNode, index: Int, prefix: String, readHistory: Bool, into log: DeliveryLog
    ) async throws -> Bool {
        let url = node.client.baseURL.absoluteString.replacingOccurrences(of: "http://", with: "ws://") + "/v1/events"
        var logger = Logger(label: "bench.events")
        logger.logLevel = .error
        let authorised = WebSocketClientConfiguration(additionalHeaders: [.authorization: "Bearer \(node.client.token)"]
        )
        let resynced = ResyncFlag()
        try await WebSocketClient.connect(url: url, configuration: authorised, logger: logger) { inbound, _, _ in
            // Subscribed first, so nothing falls between the history and the live events.
            let history =
                readHistory ? Task { try? await record(historyOf: node, index: index, prefix: prefix, into: log) } : nil
            defer { history?.cancel() }
            for try await frame in inbound.messages(maxSize: 1 << 22) {
                let now = ContinuousClock.now
                // Most frames (presence, other events) are neither: skipped without decoding.
                guard case .text(let text) = frame, text.contains(prefix) || text.contains("resync"),
                    let event = try? JSONDecoder().decode(Event.self, from: Data(text.utf8))
                else { continue }
                if event.type == "resync" {
                    await resynced.set()
                    break
                }
                guard text.contains(prefix), let message = event.message, message.text.hasPrefix(prefix) else {
                    continue
                }
                await log.record(message.text, node: index, at: now)
            }
            await history?.value
        }
        return await resynced.value
    }

    /// Every benchmark message in the channel's history, newest page first.
    private static func record(historyOf node: BenchNode, index: Int, prefix: String, into log: DeliveryLog)
        async throws
    {
        var before: String?
        while true {
            var query = [URLQueryItem(name: "limit", value: "1000")]
            if let before { query.append(URLQueryItem(name: "before", value: before)) }
            let page = try await node.client.get(
                "v1/chat/channels/\(ClusterRun.channel)/messages", query: query, as: [HistoryMessage].self)
            let now = ContinuousClock.now
            for message in page where message.text.hasPrefix(prefix) {
                await log.record(message.text, node: index, at: now)
            }
            guard page.count == 1000, let oldest = page.first else { return }
            before = oldest.id
        }
    }
}

private actor ResyncFlag {
    private(set) var value = false
    func set() { value = true }
}
