import ArgumentParser

/// `hearth-bench`: the benchmarks behind `scripts/bench`. They print figures; they never pass or fail.
@main
struct HearthBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hearth-bench",
        abstract: "Hearth's benchmarks (run them through scripts/bench, which builds in release mode).",
        subcommands: [
            SyncBenchmark.self, CommitBenchmark.self, ChatBenchmark.self, StatsBenchmark.self, CRDTBenchmark.self,
            ListMoveBenchmark.self, ReceiveBenchmark.self,
        ])
}
