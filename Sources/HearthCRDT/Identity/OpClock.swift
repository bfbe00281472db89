/// What one replica needs to make ops for one object: its id, its next counter, and a hybrid
/// logical clock (time is passed in, so tests are deterministic).
public struct OpClock: Sendable {
    public let replica: ReplicaID
    public private(set) var counter: UInt64
    private var clock: HybridLogicalClock

    public init(replica: ReplicaID, counter: UInt64 = 0, last: HLCTimestamp = HLCTimestamp(rawValue: 0)) {
        self.replica = replica
        self.counter = counter
        clock = HybridLogicalClock(last: last)
    }

    /// The id and stamp of this replica's next op.
    public mutating func next(physicalMilliseconds: UInt64) -> WriteStamp {
        counter += 1
        return WriteStamp(time: clock.tick(physicalMilliseconds: physicalMilliseconds), op: OpID(replica, counter))
    }

    /// Reserves `count` consecutive counters (one per character of an insert); returns the stamp of
    /// the first.
    public mutating func reserve(_ count: UInt64, physicalMilliseconds: UInt64) -> WriteStamp {
        let first = next(physicalMilliseconds: physicalMilliseconds)
        counter += max(count, 1) - 1
        return first
    }

    /// Keeps the clock ahead of a stamp seen in a remote op.
    public mutating func observe(_ stamp: WriteStamp, physicalMilliseconds: UInt64) {
        _ = clock.observe(stamp.time, physicalMilliseconds: physicalMilliseconds)
    }
}
