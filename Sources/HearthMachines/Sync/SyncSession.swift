import HearthCRDT
import HearthCrypto

/// Per-link sync state (pure: time is passed in as monotonic seconds).
///
/// Tracks what the peer is known to hold, so eager pushes skip what it has, and keeps at most
/// one anti-entropy request in flight. The rules are in `Protocol/sync.md`.
public struct SyncSession: Sendable {
    /// Seconds between anti-entropy rounds.
    public static let interval = 5.0
    /// A request unanswered this long is abandoned and may be sent again.
    public static let requestTimeout = 60.0
    /// The most authors tracked per link for what the peer holds and which authors it wants
    /// lazily: a peer naming more (made-up ids, say) cannot grow a link's state without end.
    /// Forgetting costs only a push the peer already has, which it counts as a duplicate.
    public static let maxTrackedAuthors = 65_536

    /// What the peer is known to hold.
    public private(set) var peerHas = VersionVector<NodeID>()
    /// Which authors are pushed eagerly over this link, each way.
    public var pushTree = PushTree()
    private var outstanding: (id: UInt64, since: Double)?
    private var lastRequest = -Double.infinity
    private var nextRequestID: UInt64 = 1

    public init() {}

    /// Whether an anti-entropy request is due; if so, returns its id and records it as sent.
    public mutating func requestIfDue(now: Double, force: Bool = false) -> UInt64? {
        if let outstanding, now - outstanding.since < Self.requestTimeout { return nil }
        guard force || now - lastRequest >= Self.interval else { return nil }
        let id = nextRequestID
        nextRequestID += 1
        outstanding = (id, now)
        lastRequest = now
        return id
    }

    /// The peer finished answering request `id`.
    public mutating func requestAnswered(_ id: UInt64) {
        if outstanding?.id == id { outstanding = nil }
    }

    /// When `requestIfDue` next returns a request.
    public var nextRequestDue: Double {
        if let outstanding { return outstanding.since + Self.requestTimeout }
        return lastRequest + Self.interval
    }

    /// Whether a request is waiting for its `SyncDone`.
    public var isAwaitingAnswer: Bool { outstanding != nil }

    /// The peer said it holds `vector`.
    public mutating func peerAnnounced(_ vector: VersionVector<NodeID>) {
        var room = Self.maxTrackedAuthors - peerHas.entries.count
        for (author, seq) in vector.entries where seq > peerHas[author] {
            if peerHas[author] == 0 {
                guard room > 0 else { continue }
                room -= 1
            }
            peerHas.advance(author, to: seq)
        }
    }

    /// The peer sent us, or we sent it, this change.
    public mutating func peerHolds(_ key: ChangeKey) {
        let held = peerHas[key.author]
        guard key.seq == held + 1, held > 0 || peerHas.entries.count < Self.maxTrackedAuthors else { return }
        peerHas.advance(key.author, to: key.seq)
    }

    /// The positions in `keys` of the changes the peer is not known to hold and wants pushed,
    /// marked as now held.
    public mutating func selectForPush(_ keys: [ChangeKey]) -> [Int] {
        var selected: [Int] = []
        for (index, key) in keys.enumerated()
        where !peerHas.contains(key.author, key.seq) && pushTree.pushes(key.author) {
            selected.append(index)
            peerHolds(key)
        }
        return selected
    }
}
