import Foundation
import HearthNode
import HearthStatsModels

/// What the stats app decodes from peers, for the fuzzers: match and claim op bodies (checked as
/// a node checks them) and the live scoreboard and server status of app signals.
@_spi(Fuzzing) public enum StatsAppFuzzing {
    public static func run(_ bytes: [UInt8]) {
        if let op = try? StatsMatchOp(serializedBytes: bytes), case .record(let wire)? = op.action {
            if let record = try? MatchRecord(wire: wire) {
                precondition(record.players.count <= MatchRecord.maxPlayers, "a record over the limits was read")
            }
        }
        _ = try? StatsClaimOp(serializedBytes: bytes)
        if let live = try? StatsLiveScoreboard(serializedBytes: bytes) {
            _ = StatsLiveMatch(live, id: "", source: "")
        }
        if let status = try? StatsServerStatus(serializedBytes: bytes) {
            _ = StatsServer(status, source: "")
        }
    }

    public static func seeds() -> [String: [UInt8]] {
        let record = MatchRecord(
            server: "10.0.0.5:27960", serverName: "LAN", gameTimestamp: "2026-12-06 10:00:00", map: "oa_dm1",
            gameType: 0, startedAt: Date(timeIntervalSince1970: 1_796_000_000), durationSeconds: 120,
            exitReason: "Fraglimit hit.",
            players: [PlayerRecord(name: "Sarge", frags: 1, score: 1), PlayerRecord(name: "Grism", deaths: 1)],
            kills: [KillRecord(second: 10, killer: "Sarge", victim: "Grism", weapon: "MOD_ROCKET")])
        return [
            "stats-match": (try? StatsMatchOp.with { $0.record = record.wire }.serializedBytes()) ?? [],
            "stats-live":
                (try? StatsLiveScoreboard.with {
                    $0.map = "oa_dm1"
                    $0.players = [.with { $0.name = "Sarge" }]
                }.serializedBytes()) ?? [],
        ]
    }
}
