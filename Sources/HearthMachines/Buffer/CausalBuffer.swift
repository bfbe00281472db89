import HearthCRDT
import HearthCrypto

/// A change as the causal buffer sees it.
public protocol BufferableChange: Sendable {
    var key: ChangeKey { get }
    /// Changes of other authors that must be applied first.
    var deps: [ChangeKey] { get }
    /// What holding it costs, in bytes.
    var byteCount: Int { get }
    /// Tells two versions of one (author, seq) apart: the signature.
    var fingerprint: [UInt8] { get }
}

/// The limits of the causal buffer (`Protocol/sync.md`, "Changes that wait").
public struct CausalBufferLimits: Sendable, Equatable {
    /// Most bytes of one author's changes waiting at once.
    public var bytesPerAuthor = 16 << 20
    /// Most bytes of changes waiting at once.
    public var totalBytes = 128 << 20
    /// Most changes waiting at once.
    public var count = 200_000
    /// A change that has waited this long (seconds) is dropped; sync brings it again once it can apply.
    public var maxWait = 600.0

    public init() {}
}

/// Changes received before what they need (their author's previous change, or a dep), waiting in
/// memory until it arrives; bounded in bytes per author and in total, and by age. Pure: time is
/// passed in.
public struct CausalBuffer<Change: BufferableChange>: Sendable {
    /// What `add` did with a change.
    public enum Admission: Sendable, Equatable {
        case added
        /// The same change (same fingerprint) was already waiting.
        case alreadyWaiting
        /// Another change with the same (author, seq) is waiting: the first stays.
        case equivocation
        case overAuthorLimit
        case overTotalLimit
    }

    struct Entry: Sendable {
        var change: Change
        var arrived: Double
    }

    public let limits: CausalBufferLimits
    private var waiting: [NodeID: [UInt64: Entry]] = [:]
    private var bytesByAuthor: [NodeID: Int] = [:]
    public private(set) var count = 0
    public private(set) var bytes = 0

    public init(limits: CausalBufferLimits = CausalBufferLimits()) { self.limits = limits }

    /// The waiting change with this key.
    public func change(_ key: ChangeKey) -> Change? { waiting[key.author]?[key.seq]?.change }

    /// Holds `change` until it can apply, within the limits.
    public mutating func add(_ change: Change, now: Double) -> Admission {
        let key = change.key
        if let existing = waiting[key.author]?[key.seq] {
            return existing.change.fingerprint == change.fingerprint ? .alreadyWaiting : .equivocation
        }
        let size = change.byteCount
        guard (bytesByAuthor[key.author] ?? 0) + size <= limits.bytesPerAuthor else { return .overAuthorLimit }
        guard bytes + size <= limits.totalBytes, count < limits.count else { return .overTotalLimit }
        waiting[key.author, default: [:]][key.seq] = Entry(change: change, arrived: now)
        bytesByAuthor[key.author, default: 0] += size
        bytes += size
        count += 1
        return .added
    }

    /// Forgets the waiting change with this key (applied, or refused).
    @discardableResult
    public mutating func remove(_ key: ChangeKey) -> Change? {
        guard let entry = waiting[key.author]?.removeValue(forKey: key.seq) else { return nil }
        if waiting[key.author]?.isEmpty == true { waiting[key.author] = nil }
        let size = entry.change.byteCount
        bytesByAuthor[key.author] = (bytesByAuthor[key.author] ?? size) - size
        if bytesByAuthor[key.author] == 0 { bytesByAuthor[key.author] = nil }
        bytes -= size
        count -= 1
        return entry.change
    }

    /// The waiting changes that can apply after `heads`, each after what it needs, at most
    /// `limit`; `isFull` says more may be ready.
    public func ready(after heads: VersionVector<NodeID>, limit: Int) -> (changes: [Change], isFull: Bool) {
        var chosen: [Change] = []
        var planned = heads
        let authors = waiting.keys.sorted()
        // Authors take turns, a share each per pass, so one author's long run (which may not apply
        // yet, dated ahead) cannot fill the batch while others wait.
        let share = max(16, limit / max(1, authors.count))
        var progress = true
        while progress {
            progress = false
            for author in authors {
                var taken = 0
                while taken < share, let next = waiting[author]?[planned[author] + 1]?.change,
                    next.deps.allSatisfy({ planned.contains($0.author, $0.seq) })
                {
                    guard chosen.count < limit else { return (chosen, true) }
                    chosen.append(next)
                    planned.advance(author, to: next.key.seq)
                    taken += 1
                    progress = true
                }
            }
        }
        return (chosen, false)
    }

    /// Drops the changes that waited longer than `maxWait`, and those `heads` already holds.
    public mutating func expire(now: Double, heads: VersionVector<NodeID>) -> [Change] {
        var dropped: [Change] = []
        for (author, entries) in waiting {
            for (seq, entry) in entries where now - entry.arrived >= limits.maxWait || heads.contains(author, seq) {
                if let change = remove(ChangeKey(author: author, seq: seq)) { dropped.append(change) }
            }
        }
        return dropped
    }

    /// Waiting bytes of one author.
    public func bytes(of author: NodeID) -> Int { bytesByAuthor[author] ?? 0 }

    /// The earliest arrival still waiting (for expiry timers).
    public var oldestArrival: Double? {
        waiting.values.flatMap(\.values).map(\.arrived).min()
    }
}
