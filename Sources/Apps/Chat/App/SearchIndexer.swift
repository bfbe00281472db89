import Foundation
import HearthNode
import Synchronization

/// Indexes the messages waiting for the search index (`StoreContext.queueForIndex`) in the
/// background, twice a second, in transactions of `batch` messages: a busy channel then costs
/// the index one new segment per half second instead of one per received change. A search
/// indexes what is waiting first, so none of this delay shows.
final class SearchIndexer: Sendable {
    static let interval = Duration.milliseconds(500)
    static let batch = 2_000

    private let task = Mutex<Task<Void, Never>?>(nil)

    func start(on node: Node) {
        let loop = Task { [weak node] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                guard let node, !Task.isCancelled else { return }
                do {
                    try await Self.indexWaiting(on: node)
                } catch {
                    node.logger.warning("could not index new messages for search", metadata: ["error": "\(error)"])
                }
            }
        }
        let previous = task.withLock { state in
            defer { state = loop }; return state
        }
        previous?.cancel()
    }

    func stop() async {
        guard
            let loop = task.withLock({ state in
                defer { state = nil }; return state
            })
        else { return }
        loop.cancel()
        await loop.value
    }

    /// Indexes every waiting message, `batch` per transaction.
    static func indexWaiting(on node: Node) async throws {
        while try node.read({ try $0.hasMessagesWaitingForIndex() }) {
            try await node.writeLocal { _ = try $0.indexWaitingMessages(limit: batch) }
        }
    }
}
