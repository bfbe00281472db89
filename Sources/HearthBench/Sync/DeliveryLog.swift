/// When each benchmark message reached each node, as seen on the nodes' event streams.
actor DeliveryLog {
    private(set) var arrivals: [String: [Int: ContinuousClock.Instant]] = [:]
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiter = 0

    private struct Waiter {
        var remaining: Set<String>
        var nodes: Int
        var continuation: CheckedContinuation<Bool, Never>
    }

    func record(_ key: String, node: Int, at instant: ContinuousClock.Instant) {
        guard arrivals[key]?[node] == nil else { return }  // the first arrival counts
        arrivals[key, default: [:]][node] = instant
        let count = arrivals[key]!.count
        for (id, var waiter) in waiters where count >= waiter.nodes && waiter.remaining.contains(key) {
            waiter.remaining.remove(key)
            if waiter.remaining.isEmpty {
                waiters[id] = nil
                waiter.continuation.resume(returning: true)
            } else {
                waiters[id] = waiter
            }
        }
    }

    /// Whether every key in `keys` reached `nodes` nodes before `timeout`.
    func waitUntil(_ keys: [String], reached nodes: Int, within timeout: Duration) async -> Bool {
        let remaining = Set(keys.filter { (arrivals[$0]?.count ?? 0) < nodes })
        if remaining.isEmpty { return true }
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation {
            waiters[id] = Waiter(remaining: remaining, nodes: nodes, continuation: $0)
        }
    }

    private func expire(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(returning: false)
    }
}
