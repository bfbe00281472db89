import HearthCrypto
import HearthStore

/// What an app's `apply` may do: read and write its tables in the running transaction, emit
/// events (published once the transaction commits), and redact payloads.
public final class AppTransaction {
    public let store: StoreContext
    /// False when nobody listens for events, so building them can be skipped.
    public let wantsEvents: Bool
    /// This node's identity: whose mentions and notifications these are, and the key that opens
    /// content sealed to this node.
    public let local: NodeIdentity
    /// This node's presence status when the transaction began: online, idle, away or dnd.
    public let localStatus: String
    /// How many changes the transaction applies (1 for a local commit, up to the apply limit for
    /// a received batch): an app can do per-batch work at once when the batch is large.
    public let changeCount: Int
    private(set) var events: [AppEvent] = []
    private var memos: [AnyHashable: Any] = [:]
    private var finishers: [(key: AnyHashable, work: (AppTransaction) throws -> Void)] = []
    private var finisherKeys: Set<AnyHashable> = []

    init(
        store: StoreContext, wantsEvents: Bool, local: NodeIdentity, localStatus: String = "online",
        changeCount: Int = 1
    ) {
        self.store = store
        self.changeCount = changeCount
        self.wantsEvents = wantsEvents
        self.local = local
        self.localStatus = localStatus
    }

    /// A value computed once per transaction under `key` (e.g. a row that many ops of one batch
    /// look up). The app must forget it (`forget`) when its own writes change what it caches.
    /// Keys of different types never collide; a value type of the app's own (a name and an id)
    /// costs less to build per op than a formatted string.
    public func memo<T>(_ key: some Hashable, _ make: () throws -> T) rethrows -> T {
        // Look the key up before casting: an absent entry would cast to a nil `T?`.
        let key = AnyHashable(key)
        if let stored = memos[key], let known = stored as? T { return known }
        let value = try make()
        memos[key] = value
        return value
    }

    /// Drops the value kept under `key`.
    public func forget(_ key: some Hashable) { memos[AnyHashable(key)] = nil }

    /// Runs `work` once, when the ops of this transaction have all been applied and before it
    /// commits (e.g. to write a state that many ops changed once). Later calls with the same
    /// `key` are ignored. `work` gets the transaction (rather than capturing it, which would keep
    /// it alive if it never finishes).
    public func beforeCommit(_ key: some Hashable, _ work: @escaping (AppTransaction) throws -> Void) {
        guard finisherKeys.insert(AnyHashable(key)).inserted else { return }
        finishers.append((AnyHashable(key), work))
    }

    /// Runs the work queued with `beforeCommit`, in order; the node calls it.
    func finish() throws {
        while !finishers.isEmpty {
            let queued = finishers
            finishers.removeAll()
            finisherKeys.removeAll()
            for finisher in queued { try finisher.work(self) }
        }
    }

    /// Queues an event; nothing is published if the transaction fails.
    public func emit(_ event: AppEvent) {
        if wantsEvents { events.append(event) }
    }

    /// Drops op `key`'s payload on this node for good; the op's change stays valid and syncs
    /// without it. Who may redact what is the app's rule.
    public func redactPayload(of key: OpKey) throws {
        try store.redactPayload(key)
    }
}
