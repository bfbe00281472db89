import Foundation
import Testing

/// Game stats end to end: a real OpenArena server with bots on loopback, two real nodes, one
/// following the server's log and polling its status.
@Suite(.serialized) struct GameStatsProcessTests {
    @Test func aRealServersMatchIsLiveEverywhereAndRecordedOnceThoughItsReaderWasKilled() async throws {
        if let missing = OpenArenaServer.unavailable {
            Issue.record(Comment(rawValue: missing))
            return
        }
        let server = try OpenArenaServer()
        defer { server.stop() }
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b) = try await cluster.linkedPair()
        #expect(try await eventually(timeout: 30) { FileManager.default.fileExists(atPath: server.log.path) })
        _ = try a.cli("stats", "watch-log", server.log.path, "--server", server.address)
        _ = try a.cli("stats", "servers", "add", server.address)

        // getstatus, from the real server, on the other node: its map and its four bots.
        let polled = try await eventually(timeout: 30) {
            let servers = try Self.json(b.cli("stats", "servers", "--json")) as? [[String: Any]] ?? []
            return servers.first.map {
                $0["map"] as? String == "oa_dm1" && ($0["players"] as? [Any])?.count == 4
                    && $0["hostname"] as? String == "LAN-party test"
            } ?? false
        }
        #expect(polled, "bob sees the server's status: \((try? b.cli("stats", "servers")) ?? "")")

        // The live scoreboard follows the match on the other node.
        let live = try await eventually(timeout: 60) {
            let matches = try Self.json(b.cli("stats", "live", "--json")) as? [[String: Any]] ?? []
            return matches.contains {
                (($0["recent"] as? [Any])?.count ?? 0) >= 1 && ($0["players"] as? [Any])?.count == 4
            }
        }
        #expect(live, "bob sees the match live: \((try? b.cli("stats", "live")) ?? "")")

        // The reading node dies mid-match and comes back.
        #expect(server.firstFinishedMatch() == nil, "still under way when the reader dies")
        a.stop(kill: true)
        try await a.start(peers: [b])

        // At the match's end both nodes hold its record: the scores of the log's score lines, and
        // every kill of it, once.
        let finished = try await eventually(timeout: 240) {
            let matches = (try Self.json(b.cli("stats", "matches", "--json")) as? [[String: Any]]) ?? []
            return server.firstFinishedMatch() != nil
                && matches.contains {
                    $0["aborted"] as? Bool == false
                }
        }
        #expect(finished, "the match ended and its record arrived")
        let expected = try #require(server.firstFinishedMatch())
        for node in [a, b] {
            let matches = try Self.json(node.cli("stats", "matches", "--json")) as? [[String: Any]] ?? []
            let first = try #require(matches.last { $0["aborted"] as? Bool == false })
            let id = try #require(first["id"] as? String)
            let detail = try Self.json(node.cli("stats", "match", id, "--json")) as? [String: Any]
            let record = detail?["record"] as? [String: Any]
            let players = record?["players"] as? [[String: Any]] ?? []
            var scores: [String: Int] = [:]
            for player in players { scores[player["name"] as? String ?? ""] = player["score"] as? Int }
            #expect(scores == expected.scores, "\(node.name): the record's scores are the log's score lines")
            #expect((record?["kills"] as? [Any])?.count == expected.kills, "\(node.name): no kill lost, none twice")
            let board = try Self.json(node.cli("stats", "board", "--mode", "ffa", "--json")) as? [String: Any]
            #expect(((board?["rows"] as? [[String: Any]]) ?? []).count == 4)
        }
        let alices = try Self.json(a.cli("stats", "board", "--json")) as? [String: Any]
        let bobs = try Self.json(b.cli("stats", "board", "--json")) as? [String: Any]
        #expect(
            NSDictionary(dictionary: alices ?? [:]) == NSDictionary(dictionary: bobs ?? [:]),
            "the same leaderboard everywhere")
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
}
