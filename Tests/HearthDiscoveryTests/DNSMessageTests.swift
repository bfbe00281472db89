import HearthDiscovery
import Testing

/// The mDNS message codec: round trips, compression, and hostile packets refused with a reason.
@Suite struct DNSMessageTests {
    let service = HearthService(
        instance: "Hearth a1b2c3d4", host: DNSName("hearth-a1b2c3d4.local"), port: 7420,
        addresses: [IPv4Address(10, 77, 0, 1), IPv4Address(192, 168, 1, 20)],
        nodeID: String(repeating: "ab", count: 32),
        networkTag: "0011223344556677")

    @Test func anAnnouncementRoundTripsAndDescribesTheNode() throws {
        let message = service.announcement()
        let parsed = try DNSMessage.parse(message.encoded())
        #expect(parsed == message)
        #expect(HearthService.all(in: parsed) == [service])
        let goodbye = HearthService.all(in: try DNSMessage.parse(service.announcement(ttl: 0).encoded()))
        #expect(goodbye.map(\.ttl) == [0])
    }

    @Test func namesAreCompressedAgainstEarlierOnes() {
        let bytes = service.announcement().encoded()
        let type = Array("_hearth".utf8)
        let spelledOut = (0...(bytes.count - type.count)).filter { Array(bytes[$0..<$0 + type.count]) == type }
        #expect(spelledOut.count == 1, "the service type is written once, then pointed at")
    }

    @Test func namesCompareWithoutCase() {
        #expect(DNSName("_HEARTH._TCP.Local") == HearthService.serviceType)
        #expect(Set([DNSName("a.local"), DNSName("A.LOCAL")]).count == 1)
    }

    /// A query header with one question, then `name` and type PTR, class IN.
    func query(name: [UInt8]) -> [UInt8] { [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0] + name + [0, 12, 0, 1] }

    @Test func aPointerLoopIsRefused() {
        // The name at byte 12 is a pointer to byte 12 itself.
        #expect(throws: DNSError.badPointer(at: 12)) { _ = try DNSMessage.parse(query(name: [0xC0, 12])) }
        // One label, then a pointer back to that label: a loop through a label.
        #expect(throws: DNSError.badPointer(at: 14)) { _ = try DNSMessage.parse(query(name: [1, 0x61, 0xC0, 12])) }
        // A pointer forwards.
        #expect(throws: DNSError.badPointer(at: 12)) { _ = try DNSMessage.parse(query(name: [0xC0, 40])) }
    }

    @Test func truncatedAndOversizedNamesAreRefused() {
        #expect(throws: DNSError.truncated(at: 12)) { _ = try DNSMessage.parse(query(name: [40, 0x61])) }
        let label: [UInt8] = [63] + Array(repeating: 0x61, count: 63)
        let long: [UInt8] = Array(repeating: label, count: 5).flatMap { $0 }
        #expect(throws: DNSError.nameTooLong(at: 204)) { _ = try DNSMessage.parse(query(name: long + [0])) }
        #expect(throws: DNSError.reservedLabelType(at: 12)) { _ = try DNSMessage.parse(query(name: [0x40, 0])) }
    }

    @Test func hugeCountsAreRefusedBeforeReading() {
        #expect(throws: DNSError.implausibleCount(section: "question", count: 0xFFFF)) {
            _ = try DNSMessage.parse([0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 1])
        }
        #expect(throws: DNSError.self) { _ = try DNSMessage.parse([0, 0, 0x84, 0, 0, 0, 0x7F, 0xFF, 0, 0, 0, 0]) }
        let maxed: [UInt8] = [0, 0, 0x84, 0, 0, 0] + Array(repeating: 0xFF, count: 6)
        #expect(throws: DNSError.implausibleCount(section: "answer, authority and additional", count: 196_605)) {
            _ = try DNSMessage.parse(maxed)
        }
        #expect(throws: DNSError.messageTooLarge(9001)) { _ = try DNSMessage.parse(Array(repeating: 0, count: 9001)) }
    }

    @Test func everyTruncationOfAValidMessageIsRefused() {
        let bytes = service.announcement().encoded()
        for length in 0..<bytes.count {
            #expect(throws: DNSError.self) { _ = try DNSMessage.parse(Array(bytes.prefix(length))) }
        }
    }

    @Test func recordDataMustFillItsLengthExactly() {
        // An answer for "a" of type A whose data length says 5 (an address is 4).
        let record: [UInt8] = [1, 0x61, 0, 0, 1, 0, 1, 0, 0, 0, 120, 0, 5, 10, 0, 0, 1, 9]
        let header: [UInt8] = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0]
        let parsed = try? DNSMessage.parse(header + record)
        #expect(parsed?.answers.first?.data == .other(type: 1, bytes: [10, 0, 0, 1, 9]), "kept raw, not misread")
        let txt: [UInt8] = [1, 0x61, 0, 0, 16, 0, 1, 0, 0, 0, 120, 0, 3, 5, 0x61, 0x62]
        #expect(throws: DNSError.recordOverrunsItsLength(at: 25)) { _ = try DNSMessage.parse(header + txt) }
    }

    @Test func txtFieldsFollowDNSSD() throws {
        var other = service
        other.instance = "Other"
        var message = other.announcement()
        // Keys are case-insensitive and the first of a key wins (RFC 6763 §6.4).
        message.answers[2].data = .txt(["V=1", "ID=cafe", "id=beef", "net=ff00", "junk"].map { Array($0.utf8) })
        let found = HearthService.all(in: try DNSMessage.parse(message.encoded()))
        #expect(found.map(\.nodeID) == ["cafe"])
        message.answers[2].data = .txt([Array("v=1".utf8)])
        #expect(HearthService.all(in: message).isEmpty, "no id or net: not a usable Hearth service")
    }
}
