import Foundation
import HearthStatsEngine

/// How fast a log is read: lines split and parsed, then parsed and assembled into matches, from
/// bytes in memory (the reading of the file is not counted).
enum ParseRate {
    struct Figures: Encodable {
        var lines: Int
        var megabytes: Double
        var parseLinesPerSecond: Double
        var parseAndAssembleLinesPerSecond: Double
        var matches: Int
    }

    static func measure(_ log: [UInt8], rounds: Int = 3) -> Figures {
        var parseBest = Double.infinity
        var assembleBest = Double.infinity
        var lines = 0
        var matches = 0
        for _ in 0..<rounds {
            var kills = 0
            let parseStart = ContinuousClock.now
            lines = 0
            forEachLine(log) { line in
                if case .kill = QuakeLogLine.parse(line).event { kills += 1 }
                lines += 1
            }
            parseBest = min(parseBest, (ContinuousClock.now - parseStart).milliseconds / 1000)

            var assembler = MatchAssembler(server: "bench.lan:27960")
            matches = 0
            let assembleStart = ContinuousClock.now
            forEachLine(log) { line in
                for event in assembler.feed(QuakeLogLine.parse(line)) {
                    if case .matchFinished = event { matches += 1 }
                }
            }
            assembleBest = min(assembleBest, (ContinuousClock.now - assembleStart).milliseconds / 1000)
            if kills == 0 { progress("the log has no kills") }  // keeps the parse from being optimised away
        }
        return Figures(
            lines: lines, megabytes: Double(log.count) / 1e6, parseLinesPerSecond: Double(lines) / parseBest,
            parseAndAssembleLinesPerSecond: Double(lines) / assembleBest, matches: matches)
    }

    private static func forEachLine(_ log: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var start = 0
        while let newline = log[start...].firstIndex(of: 0x0A) {
            body(log[start..<newline])
            start = newline + 1
        }
        if start < log.count { body(log[start...]) }
    }
}
