import HearthCRDT
import PropertyBased
import Testing

/// Untrusted bytes: truncations and random garbage throw a clear error and never trap.
@Suite struct DecodingTests {
    func sampleMap() -> LWWMap<String, Int64> {
        var clock = OpClock(replica: ReplicaID("alice"))
        var map = LWWMap<String, Int64>()
        for (index, key) in ["hp", "frags", "deaths"].enumerated() {
            _ = map.set(key, to: Int64(index * 7 - 3), clock: &clock, now: 100 + UInt64(index))
        }
        return map
    }

    @Test func everyTruncationOfAValidStateThrows() {
        let bytes = sampleMap().encoded()
        for length in 0..<bytes.count {
            #expect(throws: CRDTDecodingError.self) {
                _ = try LWWMap<String, Int64>.decode(Array(bytes.prefix(length)))
            }
        }
        #expect(throws: CRDTDecodingError.trailingBytes(count: 1)) {
            _ = try LWWMap<String, Int64>.decode(bytes + [0])
        }
    }

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 500, input: Gen<UInt8>.value(in: 0...255).array(of: 0...64)) { bytes in
            _ = try? LWWMap<String, Int64>.decode(bytes)
            _ = try? ORSet<String>.decode(bytes)
            _ = try? PNCounter.decode(bytes)
            _ = try? LWWRegister<String>.decode(bytes)
            _ = try? [ORSet<String>.Op].decode(bytes)
        }
    }

    @Test func hostileLengthsAreRefusedBeforeAllocating() {
        // Version 1, then an array claiming 2^62 entries.
        #expect(throws: CRDTDecodingError.self) {
            _ = try LWWMap<String, Int64>.decode([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40])
        }
        #expect(throws: CRDTDecodingError.overlongVarint(at: 9)) {
            _ = try UInt64.decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        }
        #expect(throws: CRDTDecodingError.unsupportedVersion(2)) { _ = try PNCounter.decode([2, 0, 0]) }
    }

    @Test func varintsAndZigZagRoundTrip() throws {
        for value: Int64 in [0, -1, 1, 63, -64, 64, .max, .min] { #expect(try Int64.decode(value.encoded()) == value) }
        for value: UInt64 in [0, 127, 128, 300, .max] { #expect(try UInt64.decode(value.encoded()) == value) }
        #expect(Int64(-1).encoded() == [1])
    }
}
