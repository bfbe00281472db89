import Foundation
import HearthCrypto
import HearthMachines
import HearthNet
import HearthStatsEngine
import HearthStatsModels
import HearthStore
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode
@testable import HearthStats

/// The stats app between real nodes on loopback: records read from real OpenArena logs, shared,
/// deduplicated, ranked alike everywhere; a followed log's live scoreboard and its resumption.
@Suite struct StatsAppTests {
    static func log(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HearthStatsEngineTests/Logs/\(name).log")
    }

    static let apps: @Sendable () -> [any HearthApp] = { [ChatApp(), StatsApp()] }

    /// Two started nodes, the second linked to the first, each with its event stream.
    func pair(reopening folders: [TemporaryFolder?] = [nil, nil]) async throws -> ([TestNode], [AsyncStream<NodeEvent>])
    {
        let first = try TestNode(
            reopening: folders[0], apps: Self.apps(), listen: PeerAddress(host: "127.0.0.1", port: 0), name: "alice")
        try await first.node.start()
        let port = try #require(await first.node.mesh.listeningPort)
        let second = try TestNode(
            reopening: folders[1], apps: Self.apps(), listen: PeerAddress(host: "127.0.0.1", port: 0),
            peers: [PeerAddress(host: "127.0.0.1", port: port)], name: "bob")
        let streams = [await first.node.events(), await second.node.events()]
        try await second.node.start()
        return ([first, second], streams)
    }

    @Test func recordsReadFromARealLogAreSharedOnceAndRankedAlikeEverywhere() async throws {
        let (nodes, streams) = try await pair()
        let (alice, bob) = (nodes[0].node, nodes[1].node)
        let read = try await alice.stats.ingest(Self.log("tdm-timelimit").path, server: "127.0.0.1:27960")
        #expect(read.signed == 3 && read.known == 0, "two finished matches and one cut short")
        var arrived = 0
        for try await event in streams[1] where event.event.type == "stats.match" {
            arrived += 1
            if arrived == 3 { break }
        }
        let matches = try bob.stats.matches()
        #expect(matches.count == 3 && matches.filter(\.aborted).count == 1)
        #expect(try await bob.stats.board(mode: "tdm") == alice.stats.board(mode: "tdm"))
        #expect(try await bob.stats.board(mode: "tdm").rows.allSatisfy { $0.rating != nil })
        // bob reads the same log: nothing new to sign.
        let again = try await bob.stats.ingest(Self.log("tdm-timelimit").path, server: "127.0.0.1:27960")
        #expect(again.signed == 0 && again.known == 3)
        for test in nodes { await test.node.stop() }
    }

    static func presence(of node: String, in event: NodeEvent) -> PresenceSummary? {
        event.value(as: PresenceSummary.self).flatMap { $0.id == node ? $0 : nil }
    }

    @Test func aMemberWhoseClaimedPlayerIsInAMatchShowsInGameUntilItEnds() async throws {
        let lines = try String(contentsOf: Self.log("ffa-fraglimit"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cut = try #require(lines.firstIndex { $0.contains(" Kill: ") }) + 1
        let folder = try TemporaryFolder("hearth-stats-log")
        let path = folder.path + "/games.log"
        try (lines[..<cut].joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let (nodes, streams) = try await pair()
        let (alice, bob) = (nodes[0].node, nodes[1].node)
        // bob plays as Sarge (claimed without the case the game writes); alice's node reads the log.
        _ = try await bob.stats.claim("sarge")
        _ = try await alice.stats.watch(path, server: "127.0.0.1:27960")
        let bobID = bob.identity.id.description
        let inGame = try await streams[0].first { Self.presence(of: bobID, in: $0)?.game != nil }
        let game = try #require(Self.presence(of: bobID, in: inGame)?.game)
        #expect(game.map == "oa_dm1" && game.server == "LAN-party test" && game.game == "OpenArena")
        // The match ends: bob is in no game any more.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines[cut...].joined(separator: "\n")).utf8))
        try handle.close()
        let left = try await streams[0].first { Self.presence(of: bobID, in: $0).map { $0.game == nil } ?? false }
        #expect(Self.presence(of: bobID, in: left)?.status == "online")
        // A game bob sets himself is his to change: what the app finds does not replace it.
        try await bob.setPresence(
            SetPresenceRequest(status: "online", game: .init(game: "Xonotic", map: "", server: "")))
        await bob.showDetectedGame(InGame(game: "OpenArena", map: "oa_dm1", server: "LAN-party test"))
        #expect(await bob.presence().first?.game?.game == "Xonotic")
        try await bob.setPresence(SetPresenceRequest(status: "online"))
        await bob.showDetectedGame(InGame(game: "OpenArena", map: "oa_dm1", server: "LAN-party test"))
        #expect(await bob.presence().first?.game?.map == "oa_dm1")
        for test in nodes { await test.node.stop() }
    }

    @Test func aMatchWhoseRecordBreaksARuleIsReportedAndLogged() async throws {
        let test = try TestNode(apps: Self.apps())
        let long = String(repeating: "x", count: 80)  // longer than a game could write, or the rules allow
        let lines = [
            #"  0:00 InitGame: \sv_hostname\Test\g_gametype\0\sv_maxclients\8\capturelimit\8\mapname\oa_dm1\g_timestamp\2026-05-31 10:00:00"#,
            #"  0:00 ClientUserinfoChanged: 0 n\\#(long)\t\0\tl\0"#, "  0:00 ClientConnect: 0", "  0:00 ClientBegin: 0",
            #"  0:00 ClientUserinfoChanged: 1 n\Sarge\t\0\tl\0"#, "  0:00 ClientConnect: 1", "  0:00 ClientBegin: 1",
            "  0:05 Kill: 1 0 7: Sarge killed \(long) by MOD_ROCKET_SPLASH", "  0:06 Exit: Fraglimit hit.",
            "  0:06 ShutdownGame:",
        ]
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("games.log")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let read = try await test.node.stats.ingest(file.path, server: "127.0.0.1:27960")
        #expect(read.signed == 0 && read.known == 0)
        #expect(read.refused == ["a match record with a bad player name"])
        #expect(test.lines.contains("a match from the log was not shared"))
        await test.node.stop()
    }

    @Test func aFollowedLogShowsItsMatchLiveAndResumesAfterARestartWithoutDuplicates() async throws {
        let source = try String(contentsOf: Self.log("ffa-fraglimit"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let folder = try TemporaryFolder("hearth-stats-log")
        let path = folder.path + "/games.log"
        // The first match up to its eighth kill.
        var cut = 0
        var kills = 0
        for (index, line) in lines.enumerated() where line.contains(" Kill: ") {
            kills += 1
            if kills == 8 {
                cut = index + 1
                break
            }
        }
        try (lines[..<cut].joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        var (nodes, streams) = try await pair()
        _ = try await nodes[0].node.stats.watch(path, server: "127.0.0.1:27960")
        let live = try await streams[1].first { event in
            (event.value(as: StatsLiveMatch.self)?.recent.count ?? 0) >= 8
        }.value(as: StatsLiveMatch.self)
        #expect(live?.map == "oa_dm1" && live?.players.isEmpty == false, "bob sees alice's log live")
        #expect(live?.recent.last?.number == 8)

        // alice stops mid-match; the rest of the log is written meanwhile; she comes back.
        let folders = nodes.map(\.folder)
        for test in nodes { await test.node.stop() }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines[cut...].joined(separator: "\n")).utf8))
        try handle.close()
        (nodes, streams) = try await pair(reopening: folders)
        let finished = try await streams[1].first { $0.event.type == "stats.match" }
        #expect(finished.value(as: StatsMatchSummary.self)?.aborted == false)
        // The second segment of the fixture was cut short by `quit`: two records in all, once each.
        _ = try await streams[1].first { event in
            event.event.type == "stats.match" && event.value(as: StatsMatchSummary.self)?.aborted == true
        }
        let summaries = try nodes[1].node.stats.matches()
        #expect(summaries.count == 2)
        let signedByAlice = try nodes[0].node.read { context in
            try context.rows(
                "SELECT count(*) AS n FROM stats_match WHERE author = ?", [nodes[0].node.identity.id.bytes])
        }
        #expect(signedByAlice.first?.int64("n") == 2)
        let ops = try nodes[0].node.read { try $0.heads() }.first { $0.author == nodes[0].node.identity.id.bytes }
        #expect(ops?.seq == 3, "a profile and two records: the match read twice was signed once")
        for test in nodes { await test.node.stop() }
    }

    @Test func aRecordOnAnotherMatchsObjectIsRejectedAndTheFinishedRecordWinsInEitherOrder() async throws {
        let record = MatchRecord(
            server: "10.0.0.5:27960", serverName: "LAN", gameTimestamp: "2026-12-06 10:00:00", map: "oa_dm1",
            gameType: 0, startedAt: Date(timeIntervalSince1970: 1_796_000_000), durationSeconds: 120,
            exitReason: "Fraglimit hit.",
            players: [PlayerRecord(name: "Sarge", frags: 1, score: 1), PlayerRecord(name: "Grism", deaths: 1)],
            kills: [KillRecord(second: 10, killer: "Sarge", victim: "Grism", weapon: "MOD_ROCKET")])
        var aborted = record
        aborted.exitReason = nil
        func op(_ record: MatchRecord, on object: ObjectID? = nil) throws -> NewOp {
            NewOp(
                object: object ?? record.object, kind: StatsApp.matchKind,
                body: try StatsMatchOp.with { $0.record = record.wire }.serializedBytes())
        }
        for finishedFirst in [true, false] {
            let test = try TestNode(apps: Self.apps())
            let (alice, bob) = (RemoteAuthor(), RemoteAuthor())
            let finished = try alice.change(1, [try op(record)])
            let cutShort = try bob.change(1, [try op(aborted)])
            let order: [WireSignedChange] = finishedFirst ? [finished, cutShort] : [cutShort, finished]
            for step in order.indices {
                _ = await test.node.receive([order[step]], from: alice.id)
                // The boards, read after each change (so from the kept records the second time),
                // are those of the record that stands.
                let standing = finishedFirst || step == 1 ? record : aborted
                let board: StatsBoard = try await test.node.stats.board(mode: "ffa")
                let expected: [LeaderboardRow] = Leaderboards(records: [standing]).byMode[.freeForAll]?.rows ?? []
                #expect(board.rows.map { $0.name } == expected.map { $0.name })
                #expect(board.rows.map { $0.wins } == expected.map { $0.totals.wins })
                #expect(expected.contains { $0.totals.wins == 1 } == (standing == record))
            }
            let shown = try test.node.stats.matches()
            #expect(shown.count == 1 && shown.first?.aborted == false)
            await test.node.stop()
        }
        let test = try TestNode(apps: Self.apps())
        let misplaced = try op(record, on: .named("elsewhere", kind: StatsApp.matchKind))
        let stranger = RemoteAuthor()
        _ = await test.node.receive([try stranger.change(1, [misplaced])], from: stranger.id)
        #expect(try test.node.stats.matches().isEmpty)
        #expect(test.lines.contains("not its server's"))
    }

    @Test func aPolledServersStatusReachesTheOtherNodeAndGoesWhenNoLongerPolled() async throws {
        let answer = try ServerQuery.statusAnswer(
            ServerStatusAnswer(
                values: [
                    "sv_hostname": "^1LAN^7-party test", "mapname": "oa_dm1", "g_gametype": "0", "sv_maxclients": "8",
                ],
                players: [
                    ServerPlayer(name: "Angelyss", score: 7, ping: 0), ServerPlayer(name: "^1Sarge", score: 3, ping: 0),
                ]))
        let server = try FakeGameServer(answer: answer)
        defer { server.stop() }
        let (nodes, streams) = try await pair()
        let address = try await nodes[0].node.stats.addServer("127.0.0.1:\(server.port)")
        let shown = try await streams[1].first { $0.value(as: StatsServer.self)?.answering == true }
            .value(as: StatsServer.self)
        #expect(shown?.address == address && shown?.map == "oa_dm1" && shown?.hostname == "^1LAN^7-party test")
        #expect(shown?.players.map(\.name) == ["Angelyss", "^1Sarge"] && shown?.maxClients == 8)
        #expect(try nodes[1].node.stats.servers().map(\.address) == [address])
        try await nodes[0].node.stats.removeServer(address)
        _ = try await streams[1].first { $0.value(as: StatsServer.self)?.answering == false }
        #expect(try nodes[1].node.stats.servers().isEmpty)
        await #expect(throws: NodeError.self) { _ = try await nodes[0].node.stats.addServer("not an address") }
        for test in nodes { await test.node.stop() }
    }
}
