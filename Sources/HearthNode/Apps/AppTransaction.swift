import HearthStore

/// What an app's `apply` may do: read and write its tables in the running transaction, emit
/// events (published once the transaction commits), and redact payloads.
public final class AppTransaction {
    public let store: StoreContext
    /// False when nobody listens for events, so building them can be skipped.
    public let wantsEvents: Bool
    private(set) var events: [AppEvent] = []

    init(store: StoreContext, wantsEvents: Bool) {
        self.store = store
        self.wantsEvents = wantsEvents
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
