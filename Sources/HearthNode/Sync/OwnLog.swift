import HearthCRDT
import HearthCrypto

/// Whether this node may sign, so that it never signs two different changes with one sequence
/// number (`Protocol/sync.md`, "A node's own log").
///
/// A node whose key is older than its database (the database was lost or is new, the key kept
/// or restored) may have signed changes its peers hold and it does not: it learns its own log
/// from the first peer that announces a version vector before it signs again. A node that
/// learns from a peer that its own log reaches further than its database (a database restored
/// from a backup) stops signing until those changes have arrived.
struct OwnLog: Sendable {
    enum State: Sendable, Equatable {
        case signing
        /// Waiting for a peer to announce its version vector.
        case learningFromPeers
        /// A peer holds own changes up to this seq that this database lacks.
        case catchingUp(to: UInt64)
    }

    private(set) var state: State
    private var seenAtPeers: UInt64 = 0

    init(known: Bool) {
        state = known ? .signing : .learningFromPeers
    }

    var canSign: Bool { state == .signing }

    /// A peer announced that it holds `seq` of this node's log; `held` is this node's own head.
    /// Returns true when this turned signing on.
    mutating func peerAnnounced(seq: UInt64, held: UInt64) -> Bool {
        seenAtPeers = max(seenAtPeers, seq)
        let before = state
        if seenAtPeers > held {
            state = .catchingUp(to: seenAtPeers)
        } else if state != .signing {
            state = .signing
        }
        return before != .signing && state == .signing
    }

    /// Own changes were applied up to `held` (received back from peers). Returns true when this
    /// turned signing on.
    mutating func applied(upTo held: UInt64) -> Bool {
        guard case .catchingUp(let target) = state, held >= target else { return false }
        state = .signing
        return true
    }

    /// Why signing is refused, for the user.
    var refusal: String {
        switch state {
        case .signing: ""
        case .learningFromPeers:
            "this node is learning its own history from its peers first: its database of this network is new, but its key is not, so it may have signed changes that only its peers hold. It signs again once a peer answers; connect one (--peer HOST:PORT) or wait for discovery"
        case .catchingUp(let target):
            "this node's database lacks some of its own changes that its peers hold (up to #\(target); was it restored from a backup?). It signs again once they have arrived from its peers"
        }
    }
}

/// Keys of the store's `node_state` table.
enum NodeStateKey {
    static let identity = "identity"
    static let ownLogKnown = "own-log-known"
}
