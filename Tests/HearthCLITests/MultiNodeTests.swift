import Foundation
import Testing

/// Real `hearth up` processes on loopback, each with its own data folder, driven by the CLI.
@Suite(.serialized) struct MultiNodeTests {
    @Test func aMessageFromAnyOfThreeNodesReachesAll() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        let b = cluster.node("bob")
        let c = cluster.node("carol")
        try await a.start()
        try await b.start(peers: [a])
        try await c.start(peers: [a, b])
        #expect(try await eventually { a.peerCount() == 2 && c.peerCount() == 2 })
        try a.cli("chat", "create", "general", "--topic", "frag talk")
        #expect(try await eventually { (try? c.cli("chat", "channels")).map { $0.contains("frag talk") } == true })
        for node in [a, b, c] { try node.cli("chat", "send", "general", "hi from \(node.name)") }
        let expected = Set(["hi from alice", "hi from bob", "hi from carol"])
        for node in [a, b, c] {
            #expect(try await eventually { Set(node.texts("general")) == expected }, "\(node.name) got every message")
        }
    }

    @Test func aSharedListEditedFromTwoNodesShowsTheSameOnBoth() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b) = try await cluster.linkedPair()
        let id = try a.cli("object", "create", "list", "--title", "map vote").trimmingCharacters(
            in: .whitespacesAndNewlines)
        for map in ["dm4", "dm6", "q3dm17"] { _ = try a.cli("object", "edit", id, "insert", "--value", map) }
        #expect(try await eventually { (try? b.cli("object", "show", id)) == "dm4\ndm6\nq3dm17\n" })
        _ = try b.cli("object", "edit", id, "move", "--from", "2", "--to", "0")
        #expect(try await eventually { (try? a.cli("object", "show", id)) == "q3dm17\ndm4\ndm6\n" })
        let listed = try b.cli("object", "list")
        #expect(listed.contains(id) && listed.contains("map vote") && listed.contains("list"), "\(listed)")
    }

    @Test func chatTailPrintsTheRecentMessagesThenNewOnesLive() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b) = try await cluster.linkedPair()
        _ = try a.cli("chat", "create", "general")
        for text in ["first", "second"] { _ = try a.cli("chat", "send", "general", text) }
        #expect(try await eventually { b.texts("general").count == 2 })
        let tail = try b.follow("chat", "tail", "general", "--json")
        defer { tail.stop() }
        let lines = tail.lines
        #expect(try await eventually { lines.texts == ["first", "second"] }, "the history first: \(lines.texts)")
        _ = try a.cli("chat", "send", "general", "third, from the other node")
        #expect(
            try await eventually { lines.texts == ["first", "second", "third, from the other node"] },
            "then the new message, live: \(lines.texts)")
    }

    /// Peer exchange: alice and carol know only bob, and find each other through him (where
    /// multicast does not reach, one reachable peer is enough).
    @Test func twoNodesThatKnowOnlyAThirdFindEachOtherThroughIt() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        let b = cluster.node("bob")
        let c = cluster.node("carol")
        try await b.start()
        try await a.start(peers: [b])
        try await c.start(peers: [b])
        #expect(try await eventually(timeout: 15) { a.peerCount() == 2 && c.peerCount() == 2 && b.peerCount() == 2 })
        let carolsPeers = try c.cli("peers")
        #expect(carolsPeers.contains("alice"), "carol linked to alice without being told her address: \(carolsPeers)")
    }

    /// Sixteen processes that each keep at most 5 links, each told only the previous node's
    /// address: peer exchange and the bounded view make a sparse network that still gets every
    /// message everywhere.
    @Test func sixteenNodesWithASmallViewStillConverge() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let nodes = (1...16).map { cluster.node("n\($0)") }
        for (index, node) in nodes.enumerated() {
            try await node.start(peers: index == 0 ? [] : [nodes[index - 1]], options: ["--max-links", "5"])
        }
        #expect(try await eventually(timeout: 30) { nodes.allSatisfy { (1...5).contains($0.peerCount()) } })
        try nodes[0].cli("chat", "create", "general")
        #expect(
            try await eventually(timeout: 30) {
                nodes.allSatisfy { (try? $0.cli("chat", "channels"))?.contains("#general") == true }
            })
        for node in nodes { try node.cli("chat", "send", "general", "from \(node.name)") }
        let expected = Set(nodes.map { "from \($0.name)" })
        #expect(try await eventually(timeout: 30) { nodes.allSatisfy { Set($0.texts("general")) == expected } })
        #expect(nodes.allSatisfy { $0.peerCount() <= 5 }, "the view stayed bounded")
        // Every link has a measured round trip (a ping goes out as it comes up).
        let peers =
            try JSONSerialization.jsonObject(with: Data(try nodes[8].cli("peers", "--json").utf8)) as? [[String: Any]]
        #expect(
            peers?.isEmpty == false
                && peers?.allSatisfy { ($0["roundTripMs"] as? Double).map { $0 >= 0 } == true } == true)
    }

    @Test func concurrentSendsFromFiveNodesEndInTheSameOrderEverywhere() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let nodes = (1...5).map { cluster.node("n\($0)") }
        try await nodes[0].start()
        for (index, node) in nodes.enumerated().dropFirst() {
            try await node.start(peers: [nodes[index - 1], nodes[0]])
        }
        try nodes[0].cli("chat", "create", "general")
        #expect(
            try await eventually {
                nodes.allSatisfy { (try? $0.cli("chat", "channels"))?.contains("#general") == true }
            })
        await withTaskGroup(of: Void.self) { group in
            for node in nodes {
                group.addTask {
                    for index in 1...4 { _ = try? node.cli("chat", "send", "general", "\(node.name)-\(index)") }
                }
            }
        }
        #expect(try await eventually(timeout: 20) { nodes.allSatisfy { $0.texts("general").count == 20 } })
        let orders = try nodes.map { try $0.messages("general").compactMap { $0["id"] as? String } }
        #expect(Set(orders.map { $0.joined(separator: ",") }).count == 1, "every node shows the same order")
    }

    @Test func aStoppedNodeCatchesUpAfterRestart() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        let b = cluster.node("bob")
        try await a.start()
        try await b.start(peers: [a])
        try a.cli("chat", "create", "general")
        #expect(try await eventually { b.peerCount() == 1 })
        b.stop()
        for index in 1...30 { try a.cli("chat", "send", "general", "while you were away \(index)") }
        try await b.start(peers: [a])
        #expect(try await eventually { b.texts("general").count == 30 })
        #expect(b.texts("general") == a.texts("general"))
    }

    @Test func aKilledNodeRestartsWithEverythingItAcknowledged() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        try await a.start()
        try a.cli("chat", "create", "general")
        var acknowledged: [String] = []
        for index in 1...40 {
            acknowledged.append(
                try a.cli("chat", "send", "general", "message \(index)").trimmingCharacters(in: .whitespacesAndNewlines)
            )
        }
        a.stop(kill: true)
        try await a.start()
        let ids = try a.messages("general").compactMap { $0["id"] as? String }
        #expect(ids == acknowledged)
        try a.cli("chat", "send", "general", "after the crash")
        #expect(a.texts("general").last == "after the crash")
    }

    @Test func aWrongPassphraseNodeIsRefusedOnBothSides() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        let eve = cluster.node("eve")
        try await a.start()
        try await eve.start(passphrase: "not the passphrase", peers: [a])
        let sentence = "the peer is on a different network or the passphrase is wrong"
        #expect(
            try await eventually { eve.stderrLog.contains("handshake with 127.0.0.1:\(a.port) failed: \(sentence)") })
        #expect(try await eventually { a.stderrLog.contains(sentence) })
        #expect(a.peerCount() == 0)
        #expect(eve.peerCount() == 0)
    }

    @Test func restartingWithAnotherPassphraseIsRefusedWithAMessage() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        try await a.start()
        a.stop()
        #expect {
            try NodeProcess.run([
                "up", "--data", a.folder.path, "--network", "testnet", "--passphrase", "other", "--listen",
                "127.0.0.1:0",
            ])
        } throws: { error in
            (error as? TestFailure)?.description.contains("passphrase for network 'testnet' is wrong") == true
        }
    }

    @Test func aCommandWithoutARunningNodeSaysHowToStartOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-none-\(UUID())").path
        #expect {
            try NodeProcess.run(["status", "--data", folder])
        } throws: { error in
            let failure = error as? TestFailure
            return failure?.status != 0 && failure?.description.contains("hearth up") == true
        }
    }

    @Test func oversizedTextGetsAClearErrorAndIsNotStored() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let a = cluster.node("alice")
        try await a.start()
        try a.cli("chat", "create", "general")
        #expect {
            try a.cli("chat", "send", "general", String(repeating: "x", count: 5000))
        } throws: { error in
            (error as? TestFailure)?.description.contains("the limit is 4000") == true
        }
        #expect(a.texts("general").isEmpty)
    }
}

/// The lines a child process prints, collected as they come.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()

    func append(_ data: Data) {
        lock.lock()
        buffer.append(data)
        lock.unlock()
    }

    /// Each complete JSON line so far, as an object.
    var objects: [[String: Any]] {
        lock.lock()
        let text = String(decoding: buffer, as: UTF8.self)
        lock.unlock()
        return text.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }

    /// The `text` of each complete JSON line so far.
    /// The texts of the `chat.message` lines, in order.
    var texts: [String] {
        objects.filter { $0["type"] as? String == "chat.message" }.compactMap {
            ($0["message"] as? [String: Any])?["text"] as? String
        }
    }
}
