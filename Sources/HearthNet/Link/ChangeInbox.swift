import HearthWire

/// The change batches one link has read and the node has not yet stored.
///
/// The link's reader puts batches here and goes on reading while the node verifies and stores
/// earlier ones; the link's storing task takes everything queued at once, so the batches that
/// arrived during one store become one store (one transaction) instead of one each. The reader
/// waits while `limit` changes are queued (backpressure: a fast sender cannot fill memory), and
/// before any other message it waits until the inbox is empty and idle, so every message is
/// still handled after the changes that came before it on the link.
actor ChangeInbox {
    /// Changes queued at most before the reader waits.
    static let limit = 4_096

    private var queued: [WireChangeBatch] = []
    private var queuedChanges = 0
    private var isTaken = false
    private var isFinished = false
    private var taker: CheckedContinuation<[WireChangeBatch]?, Never>?
    private var readers: [CheckedContinuation<Void, Never>] = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// Readers waiting for room, and callers waiting for the inbox to be idle (for tests).
    var waitingReaders: Int { readers.count }
    var waitingForIdle: Int { idleWaiters.count }

    /// Queues `batch`, first waiting while the inbox is full.
    func put(_ batch: WireChangeBatch) async {
        while queuedChanges >= Self.limit && !isFinished {
            await withCheckedContinuation { readers.append($0) }
        }
        guard !isFinished else { return }
        queued.append(batch)
        queuedChanges += batch.changes.count
        if let taker {
            self.taker = nil
            taker.resume(returning: takeAll())
        }
    }

    /// Everything queued, in arrival order, waiting for at least one batch; nil once finished and
    /// empty. The caller calls `stored()` when it has handled them.
    func take() async -> [WireChangeBatch]? {
        if !queued.isEmpty { return takeAll() }
        if isFinished { return nil }
        return await withCheckedContinuation { taker = $0 }
    }

    /// The batches last taken are handled.
    func stored() {
        isTaken = false
        if queued.isEmpty { resume(&idleWaiters) }
    }

    /// Returns once every batch put so far is handled.
    func waitUntilIdle() async {
        guard isTaken || !queued.isEmpty else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// No more batches come: the storing task ends once it has taken what is queued.
    func finish() {
        isFinished = true
        resume(&readers)
        resume(&idleWaiters)
        if let taker {
            self.taker = nil
            taker.resume(returning: nil)
        }
    }

    private func takeAll() -> [WireChangeBatch] {
        let all = queued
        queued = []
        queuedChanges = 0
        isTaken = true
        resume(&readers)
        return all
    }

    private func resume(_ waiters: inout [CheckedContinuation<Void, Never>]) {
        let all = waiters
        waiters = []
        for waiter in all { waiter.resume() }
    }
}

extension [WireChangeBatch] {
    /// Consecutive batches with the same `pushed` flag joined into one (the push tree needs to
    /// know which changes were pushed), in order.
    func joinedByPushed() -> [(pushed: Bool, changes: [WireSignedChange])] {
        var joined: [(pushed: Bool, changes: [WireSignedChange])] = []
        for batch in self {
            if let last = joined.last, last.pushed == batch.pushed {
                joined[joined.count - 1].changes += batch.changes
            } else {
                joined.append((batch.pushed, batch.changes))
            }
        }
        return joined
    }
}
