import Foundation
import FuzzSupport
@_spi(Fuzzing) import HearthChat
@_spi(Fuzzing) import HearthNet
@_spi(Fuzzing) import HearthNode
@_spi(Fuzzing) import HearthObjects
@_spi(Fuzzing) import HearthStats
@_spi(Fuzzing) import HearthStatsEngine

/// Feeds untrusted bytes to what a node decodes from a peer after the frame: a signed change
/// (structure, deps, payloads matched to their ops), chat's op bodies, CRDT object bodies and
/// presence messages (read, then handed to a presence machine), the stats app's op bodies and
/// live signals, game server logs and game servers' status answers.
enum FuzzNode {
    static func run(_ bytes: [UInt8]) {
        ChangeDecodingFuzzing.run(bytes)
        ChatFuzzing.run(bytes)
        ObjectsFuzzing.run(bytes)
        PresenceFuzzing.run(bytes)
        StatsAppFuzzing.run(bytes)
        StatsFuzzing.run(bytes)
        StatsFuzzing.runServerAnswer(bytes)
    }

    static func seeds() -> [String: [UInt8]] {
        ObjectsFuzzing.seeds().merging(ChangeDecodingFuzzing.seeds()) { first, _ in first }
            .merging(PresenceFuzzing.seeds()) { first, _ in first }
            .merging(StatsAppFuzzing.seeds()) { first, _ in first }
            .merging(StatsFuzzing.seeds()) { first, _ in first }
    }
}

#if HEARTH_FUZZ
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzNodeTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        FuzzNode.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without libFuzzer: replays the corpus, or writes the seeds (see `CorpusReplay`).
    @main
    struct FuzzNodeReplay {
        static func main() throws {
            try CorpusReplay.main(name: "FuzzNode", seeds: FuzzNode.seeds, run: FuzzNode.run)
        }
    }
#endif
