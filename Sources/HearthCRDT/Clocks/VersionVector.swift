/// For each replica, the highest sequence number such that all of 1…n are held.
public struct VersionVector<Replica: Hashable & Sendable>: Equatable, Sendable {
    /// How two vectors relate.
    public enum Ordering: Sendable, Equatable {
        case equal, before, after, concurrent
    }

    // Inlinable, so that the sync code of other modules gets a version specialised for its
    // replica type (node ids) instead of the generic one, which is many times slower.
    @usableFromInline var storage: [Replica: UInt64]

    /// The highest contiguous seq of each replica that has one.
    @inlinable public var entries: [Replica: UInt64] { storage }

    @inlinable public init(_ entries: [Replica: UInt64] = [:]) {
        storage = entries.filter { $0.value > 0 }
    }

    /// The highest contiguous sequence held for `replica` (0 when none).
    @inlinable public subscript(replica: Replica) -> UInt64 { storage[replica] ?? 0 }

    /// Records that `replica`'s ops up to `seq` are held; never moves backwards.
    @inlinable public mutating func advance(_ replica: Replica, to seq: UInt64) {
        if seq > self[replica] { storage[replica] = seq }
    }

    /// Whether op `seq` of `replica` is already covered.
    @inlinable public func contains(_ replica: Replica, _ seq: UInt64) -> Bool { seq <= self[replica] }

    /// The pointwise maximum.
    @inlinable public mutating func merge(_ other: VersionVector) {
        for (replica, seq) in other.storage where seq > self[replica] { storage[replica] = seq }
    }

    /// Total number of ops covered.
    public var total: UInt64 { entries.values.reduce(0, +) }

    public func compare(to other: VersionVector) -> Ordering {
        var less = false
        var greater = false
        for replica in Set(entries.keys).union(other.entries.keys) {
            let mine = self[replica]
            let theirs = other[replica]
            if mine < theirs { less = true }
            if mine > theirs { greater = true }
        }
        switch (less, greater) {
        case (false, false): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (true, true): return .concurrent
        }
    }

    /// The ranges of ops this vector covers and `other` lacks, per replica.
    @inlinable
    public func missingRanges(in other: VersionVector) -> [(replica: Replica, range: ClosedRange<UInt64>)] {
        var ranges: [(replica: Replica, range: ClosedRange<UInt64>)] = []
        for (replica, seq) in storage {
            let theirs = other[replica]
            if seq > theirs { ranges.append((replica, (theirs + 1)...seq)) }
        }
        return ranges
    }
}
