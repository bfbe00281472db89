import Foundation
@_spi(Fuzzing) import HearthStatsEngine
import HearthStatsModels
import Testing

/// Garbage in the log never traps and never changes a record; the same lines always give the
/// same records, including when a node re-reads a match from its `InitGame` line.
struct RobustnessTests {
    @Test func everyLineCutAtEveryLengthIsHarmless() {
        let log = FixtureLog("ffa-kick-mapchange")
        let lines = log.lines
        var withCuts: [String] = []
        for line in lines {
            withCuts.append(line)
            // Each cut copy follows its line, as a half-written line would if the writer were interrupted.
            for length in 0..<line.utf8.count {
                withCuts.append(String(decoding: line.utf8.prefix(length), as: UTF8.self))
            }
        }
        #expect(withCuts.count > lines.count * 20)
        #expect(FixtureLog.records(withCuts) == log.records)
    }

    @Test func randomBytesBetweenTheLinesChangeNothing() {
        var random = SplitMix64(seed: 0x5EED)
        for log in [FixtureLog("tdm-teamkills"), FixtureLog("ffa-kick-mapchange")] {
            var noisy: [String] = []
            for line in log.lines {
                noisy.append(line)
                let bytes = (0..<Int(random.next() % 120)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                noisy.append(String(decoding: bytes.filter { $0 != 10 }, as: UTF8.self))
                if random.next() % 50 == 0 { noisy.append(String(repeating: "x", count: 9_000)) }
            }
            #expect(FixtureLog.records(noisy) == log.records, "\(log.name)")
        }
    }

    @Test func randomBytesAloneNeverTrap() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let bytes = (0..<Int(random.next() % 4_000)).map { _ in
                random.next() % 4 == 0 ? UInt8(ascii: "\n") : UInt8(truncatingIfNeeded: random.next())
            }
            StatsFuzzing.run(bytes)
        }
    }

    @Test(arguments: FixtureLog.all)
    func feedingAMatchTwiceGivesEqualRecords(_ log: FixtureLog) {
        #expect(FixtureLog.records(log.lines) == FixtureLog.records(log.lines))
        #expect(!log.records.isEmpty)
    }

    /// A node remembers the byte offset of the current match's `InitGame` line and, after a restart,
    /// reads the log again from there with a fresh assembler: it gets that match's record, and every
    /// later one, as reading the whole log gave them.
    @Test(arguments: FixtureLog.all)
    func resumingFromTheInitGameOffsetGivesTheSameRecords(_ log: FixtureLog) {
        let bytes = log.bytes
        var assembler = MatchAssembler(server: "127.0.0.1:27960")
        var offset = 0
        var starts: [(offset: Int, recordsBefore: Int)] = []
        var whole: [MatchRecord] = []
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            for event in assembler.feed(QuakeLogLine.parse(line)) {
                if case .matchStarted = event { starts.append((offset, whole.count)) }
                if case .matchFinished(let record) = event { whole.append(record) }
            }
            offset += line.count + 1
        }
        for case .matchFinished(let record) in assembler.end() { whole.append(record) }
        #expect(starts.count >= whole.count && !whole.isEmpty)
        for start in starts {
            let rest = bytes[start.offset...].split(separator: UInt8(ascii: "\n")).map {
                String(decoding: $0, as: UTF8.self)
            }
            #expect(FixtureLog.records(rest) == Array(whole[start.recordsBefore...]), "from byte \(start.offset)")
        }
    }

    @Test func theFuzzSeedsRunClean() {
        // The log seeds; the game server answers ("server-…") are ServerQueryRobustnessTests'.
        let seeds = StatsFuzzing.seeds().filter { !$0.key.hasPrefix("server-") }
        #expect(seeds.count == 4)
        for (name, bytes) in seeds {
            StatsFuzzing.run(bytes)
            var assembler = MatchAssembler(server: "seed")
            var finished = 0
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                for case .matchFinished(_) in assembler.feed(QuakeLogLine.parse(line)) { finished += 1 }
            }
            #expect(finished == 1, "seed \(name)")
        }
    }
}

/// A small seeded generator, so a failure replays.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
