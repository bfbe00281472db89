/// Records heard on the LAN, each until its TTL runs out (RFC 6762 §10): a goodbye (TTL 0)
/// keeps a record one more second, and a unique record with cache-flush set replaces the
/// others of its name and type.
struct RecordCache: Sendable {
    struct Entry: Sendable {
        var record: DNSRecord
        var received: Double
        var expires: Double

        /// Past this share of its lifetime the record is worth asking for again.
        func isAging(at now: Double, share: Double) -> Bool {
            now >= received + (expires - received) * share
        }
    }

    private(set) var entries: [Entry] = []

    var records: [DNSRecord] { entries.map(\.record) }

    /// Takes in the records of a response received at `now` (seconds); past `capacity` records,
    /// those heard longest ago go first, so a flood of records cannot grow the cache.
    mutating func add(_ records: [DNSRecord], at now: Double, capacity: Int = .max) {
        defer {
            if entries.count > capacity {
                entries.sort { $0.received > $1.received }
                entries.removeLast(entries.count - capacity)
            }
        }
        for record in records {
            if record.cacheFlush && record.ttl > 0 {
                entries.removeAll {
                    $0.record.name == record.name && $0.record.type == record.type && $0.record.data != record.data
                        && now - $0.received >= 1
                }
            }
            let expires = record.ttl == 0 ? now + 1 : now + Double(record.ttl)
            if let index = entries.firstIndex(where: { $0.record.sameData(as: record) }) {
                entries[index] = Entry(record: record, received: now, expires: expires)
            } else {
                entries.append(Entry(record: record, received: now, expires: expires))
            }
        }
    }

    /// Drops what has expired by `now`; returns whether anything went.
    mutating func expire(at now: Double) -> Bool {
        let before = entries.count
        entries.removeAll { $0.expires <= now }
        return entries.count != before
    }

    /// The records still live for a known-answer list: those with more than half their TTL left.
    func knownAnswers(for name: DNSName, at now: Double) -> [DNSRecord] {
        entries.filter { $0.record.name == name && !$0.isAging(at: now, share: 0.5) }.map { entry in
            var record = entry.record
            record.ttl = UInt32(max(0, entry.expires - now))
            return record
        }
    }
}
