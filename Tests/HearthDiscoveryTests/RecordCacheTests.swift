import Testing

@testable import HearthDiscovery

/// The querier's cache: TTLs, goodbyes, cache-flush and the known-answer list (RFC 6762 §7, §10).
@Suite struct RecordCacheTests {
    let type = HearthService.serviceType
    func pointer(_ instance: String, ttl: UInt32) -> DNSRecord {
        DNSRecord(name: type, data: .ptr(DNSName(instance, in: type)), ttl: ttl)
    }

    @Test func recordsLiveForTheirTTLAndAGoodbyeForOneMoreSecond() {
        var cache = RecordCache()
        cache.add([pointer("a", ttl: 120), pointer("b", ttl: 120)], at: 0)
        cache.add([pointer("b", ttl: 0)], at: 50)
        var expired = cache.expire(at: 50.9)
        #expect(!expired && cache.records.count == 2)
        expired = cache.expire(at: 51)
        #expect(expired && cache.records == [pointer("a", ttl: 120)])
        expired = cache.expire(at: 119)
        #expect(!expired)
        expired = cache.expire(at: 120)
        #expect(expired && cache.records.isEmpty)
    }

    @Test func aCacheFlushRecordReplacesOlderOnesOfItsNameAndType() {
        var cache = RecordCache()
        let host = DNSName("hearth-x.local")
        cache.add([DNSRecord(name: host, data: .a(IPv4Address(10, 0, 0, 1)), ttl: 120, cacheFlush: true)], at: 0)
        cache.add([DNSRecord(name: host, data: .a(IPv4Address(10, 0, 0, 2)), ttl: 120, cacheFlush: true)], at: 5)
        #expect(cache.records.map(\.data) == [.a(IPv4Address(10, 0, 0, 2))], "the host moved")
        // Records of one announcement (within a second of each other) do not flush each other.
        cache.add([DNSRecord(name: host, data: .a(IPv4Address(10, 0, 0, 3)), ttl: 120, cacheFlush: true)], at: 5.5)
        #expect(cache.records.count == 2)
    }

    @Test func knownAnswersAreThoseWithMoreThanHalfTheirTTLLeft() {
        var cache = RecordCache()
        cache.add([pointer("old", ttl: 100)], at: 0)
        cache.add([pointer("new", ttl: 100)], at: 40)
        let known = cache.knownAnswers(for: type, at: 60)
        #expect(known.map(\.data) == [.ptr(DNSName("new", in: type))])
        #expect(known.first?.ttl == 80, "with the TTL that is left")
    }
}
