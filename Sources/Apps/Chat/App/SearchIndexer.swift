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
    /// While indexing keeps failing (a full disk), one warning per this many passes (a minute).
    static let passesPerWarning = 120

    private struct State {
        var loop: Task<Void, Never>?
        /// Which `start` the running loop belongs to.
        var generation = 0
        /// Callers of `nextPass`, resumed when a pass that started after them ends.
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func start(on node: Node) {
        // The loop is made and recorded under the lock, so it cannot end before it is recorded.
        let previous = state.withLock { state in
            state.generation += 1
            let previous = state.loop
            state.loop = loop(generation: state.generation, on: node)
            return previous
        }
        previous?.cancel()
    }

    private func loop(generation: Int, on node: Node) -> Task<Void, Never> {
        Task { [weak self, weak node] in
            // However the loop ends (its node gone, or stopped), nobody is left waiting for it.
            defer { self?.ended(generation) }
            var failures = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                guard let self, let node, !Task.isCancelled else { return }
                let waiting = state.withLock { state in
                    defer { state.waiters = [] }; return state.waiters
                }
                do {
                    try await Self.indexWaiting(on: node)
                    if failures > 0 {
                        node.logger.notice(
                            "indexing new messages for search again", metadata: ["failed.passes": "\(failures)"])
                        failures = 0
                    }
                } catch {
                    failures += 1
                    if failures % Self.passesPerWarning == 1 {
                        node.logger.warning(
                            "could not index new messages for search; searches index them first, and this retries twice a second",
                            metadata: ["error": "\(error)", "failed.passes": "\(failures)"])
                    }
                }
                for waiter in waiting { waiter.resume() }
            }
        }
    }

    /// The loop of `start` number `generation` ended: its waiters go, and it is no longer
    /// running unless a later `start` replaced it.
    private func ended(_ generation: Int) {
        let waiting = state.withLock { state in
            guard state.generation == generation else { return [CheckedContinuation<Void, Never>]() }
            defer { (state.loop, state.waiters) = (nil, []) }
            return state.waiters
        }
        for waiter in waiting { waiter.resume() }
    }

    /// Ends the loop; its end (`ended`) releases anyone waiting for a pass.
    func stop() async {
        guard let loop = state.withLock({ $0.loop }) else { return }
        loop.cancel()
        await loop.value
    }

    /// Returns once a background pass that starts after this call has ended (at once when the
    /// indexer is not running).
    func nextPass() async {
        await withCheckedContinuation { waiter in
            let running = state.withLock { state in
                guard state.loop != nil else { return false }
                state.waiters.append(waiter)
                return true
            }
            if !running { waiter.resume() }
        }
    }

    /// Indexes every waiting message, `batch` per transaction.
    static func indexWaiting(on node: Node) async throws {
        while try node.read({ try $0.hasMessagesWaitingForIndex() }) {
            try await node.writeLocal { _ = try $0.indexWaitingMessages(limit: batch) }
        }
    }
}
