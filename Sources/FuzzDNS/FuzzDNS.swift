import FuzzSupport
import HearthDiscovery

/// Feeds untrusted bytes to the mDNS message parser (anyone on the LAN can send them), and what
/// parses to the responder machine. Nothing may trap; whatever parses must encode to a message
/// that parses to the same records.
enum FuzzDNS {
    static func run(_ bytes: [UInt8]) {
        guard let message = try? DNSMessage.parse(bytes) else { return }
        guard let again = try? DNSMessage.parse(message.encoded()), again == message else {
            fatalError("a parsed DNS message did not survive encode → parse")
        }
        _ = HearthService.all(in: message)
        // And the responder machine takes it (as query or response) and runs on, without trapping.
        var machine = MDNSResponderMachine()
        var random = Seeded()
        machine.start(announcing: service, now: 0, random: &random)
        for second in stride(from: 0.0, through: 3, by: 0.25) { _ = machine.tick(now: second, random: &random) }
        _ = machine.received(message, now: 3.1, random: &random)
        _ = machine.tick(now: 4, random: &random)
    }

    /// A fixed sequence, so a crash replays from its input alone.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64 = 1
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static let service = HearthService(
        instance: "h1 [a1b2c3]", host: DNSName("h1.local"), port: 7420, addresses: [IPv4Address(10, 77, 0, 1)],
        nodeID: "a1b2c3d4", networkTag: "0011223344556677")

    /// Typical messages: a query for Hearth services and a full announcement.
    static func seeds() -> [String: [UInt8]] {
        [
            "query": DNSMessage(questions: [DNSQuestion(name: HearthService.serviceType, type: .ptr)]).encoded(),
            "announcement": service.announcement(ttl: 120).encoded(),
            "goodbye": service.announcement(ttl: 0).encoded(),
        ]
    }
}

#if HEARTH_FUZZ
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzDNSTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        FuzzDNS.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without libFuzzer: replays the corpus, or writes the seeds (see `CorpusReplay`).
    @main
    struct FuzzDNSReplay {
        static func main() throws {
            try CorpusReplay.main(name: "FuzzDNS", seeds: FuzzDNS.seeds, run: FuzzDNS.run)
        }
    }
#endif
