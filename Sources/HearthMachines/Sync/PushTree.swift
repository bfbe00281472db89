import HearthCrypto

/// Per-link push-tree state (pure), in the manner of epidemic broadcast trees: a node that gets
/// an author's pushed changes twice asks the second sender to stop pushing that author ("lazy"),
/// so in a full mesh each change crosses each link about once instead of once per relay. Lazy
/// authors still arrive by anti-entropy; when that delivers something new, the node asks for
/// eager push again. Rules: `Protocol/sync.md`, "Push trees".
public struct PushTree: Sendable, Equatable {
    /// Authors the peer asked us not to push (sender side).
    public private(set) var lazyForPeer: Set<NodeID> = []
    /// Authors we asked the peer not to push (receiver side).
    public private(set) var lazyFromPeer: Set<NodeID> = []

    public init() {}

    /// Whether a change by `author` should be pushed eagerly to this peer.
    public func pushes(_ author: NodeID) -> Bool { !lazyForPeer.contains(author) }

    /// Applies the peer's `PushControl`.
    public mutating func apply(_ control: PushControl) {
        if control.allEager { lazyForPeer.removeAll() }
        for author in control.eager { lazyForPeer.remove(author) }
        for author in control.lazy where lazyForPeer.count < SyncSession.maxTrackedAuthors {
            lazyForPeer.insert(author)
        }
    }

    /// Records what a batch from `peer` brought; returns the `PushControl` to send back, if any.
    /// A pushed change we already held, relayed by someone other than its author, makes that
    /// author lazy; a new change that came by anti-entropy from a peer we made lazy for its
    /// author makes the author eager again (the push tree had a hole).
    public mutating func received(pushed: Bool, fresh: [ChangeKey], duplicates: [ChangeKey], from peer: NodeID)
        -> PushControl?
    {
        var control = PushControl()
        if pushed {
            for author in Set(duplicates.map(\.author)) where author != peer && !lazyFromPeer.contains(author) {
                lazyFromPeer.insert(author)
                control.lazy.append(author)
            }
        } else {
            for author in Set(fresh.map(\.author)) where lazyFromPeer.contains(author) {
                lazyFromPeer.remove(author)
                control.eager.append(author)
            }
        }
        return control.isEmpty ? nil : control
    }

    /// The link these authors' changes came over closed: ask this peer to push them again, if it
    /// was asked not to.
    public mutating func makeEager(_ authors: Set<NodeID>) -> PushControl? {
        let eager = lazyFromPeer.intersection(authors)
        guard !eager.isEmpty else { return nil }
        lazyFromPeer.subtract(eager)
        return PushControl(eager: eager.sorted())
    }
}
