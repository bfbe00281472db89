import HearthCrypto

/// A `PushControl` message: which authors the receiver should stop or resume pushing
/// (`Protocol/sync.md`, "Push trees").
public struct PushControl: Sendable, Equatable {
    public var lazy: [NodeID]
    public var eager: [NodeID]
    /// Resume pushing every author.
    public var allEager: Bool

    public init(lazy: [NodeID] = [], eager: [NodeID] = [], allEager: Bool = false) {
        self.lazy = lazy
        self.eager = eager
        self.allEager = allEager
    }

    var isEmpty: Bool { lazy.isEmpty && eager.isEmpty && !allEager }
}
