import HearthStore

/// What an app's `apply` may do: read and write its tables in the running transaction, emit
/// events (published once the transaction commits), and redact payloads.
public final class AppTransaction {
    public let store: StoreContext
    /// False when nobody listens for events, so building them can be skipped.
    public let wantsEvents: Bool
    private(set) var events: [AppEvent] = []
    private var memos: [String: Any] = [:]

    init(store: StoreContext, wantsEvents: Bool) {
        self.store = store
        self.wantsEvents = wantsEvents
    }

    /// A value computed once per transaction under `key` (e.g. a row that many ops of one batch
    /// look up). The app must forget it (`forget`) when its own writes change what it caches.
    public func memo<T>(_ key: String, _ make: () throws -> T) rethrows -> T {
        // Look the key up before casting: an absent entry would cast to a nil `T?`.
        if let stored = memos[key], let known = stored as? T { return known }
        let value = try make()
        memos[key] = value
        return value
    }

    /// Drops the value kept under `key`.
    public func forget(_ key: String) { memos[key] = nil }

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
