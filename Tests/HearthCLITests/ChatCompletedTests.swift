import Foundation
import Testing

/// Direct messages, deletes and mentions between real `hearth up` processes, read back through the
/// CLI and searched for in the nodes' own files.
@Suite(.serialized) struct ChatCompletedTests {
    @Test func aDirectMessageIsSealedAndReachesItsMemberFromARelayOnceTheSenderIsGone() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b, c) = try await Self.threeNodes(in: cluster)
        #expect(try await eventually { a.peerCount() == 2 && c.peerCount() == 2 })
        #expect(try await eventually { a.presence(of: "bob") != nil }, "alice knows bob's name")
        let bobID = try b.value("status", "id")
        b.stop()
        let secret = "meet at the bridge \(UUID().uuidString.prefix(8))"
        _ = try a.cli("dm", "send", "bob", secret)
        #expect(try await eventually { try c.value("status", "opsStored") == a.value("status", "opsStored") })
        a.stop()
        try await b.start(peers: [c])
        #expect(
            try await eventually { (try? b.cli("dm", "read", "alice")).map { $0.contains(secret) } == true },
            "bob gets the DM from carol, with alice gone")
        #expect(try c.cli("dm", "list").contains("no direct messages"), "carol is not a member")
        #expect(try Self.filesHolding(secret, under: c.folder).isEmpty)
        #expect(!c.stderrLog.contains(secret))
        #expect(try c.cli("search", "bridge").contains("nothing found"), "carol's search cannot see it")
        #expect(try b.cli("search", "bridge", "--from", "alice").contains("«bridge»"), "bob's can")
        let list = try b.cli("dm", "list", "--json")
        #expect(list.contains("alice") && !list.contains(bobID))
    }

    @Test func aDeletedMessageIsWipedFromEveryNodesFilesAndNeverReachesALaterNode() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b, c) = try await Self.threeNodes(in: cluster)
        _ = try a.cli("chat", "create", "general")
        let secret = "the rcon password is \(UUID().uuidString.prefix(8))"
        let id = try a.cli("chat", "send", "general", secret).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await eventually { b.texts("general") == [secret] })
        _ = try b.cli("chat", "send", "general", "noted", "--reply-to", id)
        for node in [a, b, c] { #expect(try await eventually { node.texts("general").count == 2 }) }
        _ = try a.cli("chat", "delete", id)
        for node in [a, b, c] {
            #expect(try await eventually { node.texts("general") == ["", "noted"] }, "\(node.name) shows it deleted")
            let wiped = try await eventually { try Self.filesHolding(secret, under: node.folder).isEmpty }
            #expect(wiped, "\(node.name)'s files: \((try? Self.filesHolding(secret, under: node.folder)) ?? [])")
        }
        let thread = try c.cli("chat", "thread", id)
        #expect(thread.contains("(message deleted)") && thread.contains("noted"), "\(thread)")
        let d = cluster.node("dave")
        try await d.start(peers: [b])
        #expect(try await eventually { d.texts("general") == ["", "noted"] })
        #expect(try Self.filesHolding(secret, under: d.folder).isEmpty, "a later node never receives the text")
    }

    @Test func mentionsNotifyOnlyTheirTargetsAndHereOnlyThoseOnline() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b, c) = try await Self.threeNodes(in: cluster)
        _ = try a.cli("chat", "create", "general")
        #expect(try await eventually { a.presence(of: "carol")?.status == "online" && c.texts("general").isEmpty })
        c.stop()
        #expect(try await eventually { a.presence(of: "carol")?.status == "offline" })
        _ = try a.cli("chat", "send", "general", "@here rematch?")
        _ = try a.cli("chat", "send", "general", "gg @carol")
        #expect(try await eventually { b.texts("general").count == 2 })
        let bobs = try b.cli("notifications", "--json")
        #expect(bobs.contains("@here rematch?") && !bobs.contains("gg @carol"), "\(bobs)")
        try await c.start(peers: [a])
        #expect(try await eventually { c.texts("general").count == 2 })
        let carols = try c.cli("notifications", "--json")
        #expect(carols.contains("gg @carol") && !carols.contains("@here"), "\(carols)")
        let unread = try c.cli("chat", "unread", "--json")
        let summary = try JSONSerialization.jsonObject(with: Data(unread.utf8)) as? [String: Any]
        let general = (summary?["conversations"] as? [[String: Any]])?.first
        #expect(general?["unread"] as? Int == 2 && general?["mentions"] as? Int == 1, "\(unread)")
        _ = try c.cli("chat", "read", "general")
        #expect(try c.cli("chat", "unread").contains("nothing unread"))
    }

    /// Reactions toggled on three nodes at once and edits racing them end the same everywhere.
    @Test func concurrentReactionsAndEditsConvergeOnEveryNode() async throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b, c) = try await Self.threeNodes(in: cluster)
        _ = try a.cli("chat", "create", "general")
        let id = try a.cli("chat", "send", "general", "v1").trimmingCharacters(in: .whitespacesAndNewlines)
        for node in [b, c] { #expect(try await eventually { node.texts("general") == ["v1"] }) }
        // Each node's commands in order (a toggle reads what is there), the three nodes at once.
        let work: [(NodeProcess, [[String]])] = [
            (a, [["chat", "edit", id, "v2"], ["chat", "react", id, "gg"], ["chat", "edit", id, "v3"]]),
            (b, [["chat", "react", id, "🎯"], ["chat", "react", id, "🔥"], ["chat", "react", id, "gg"]]),
            (c, [["chat", "react", id, "🎯"], ["chat", "react", id, "🔥"], ["chat", "react", id, "🎯"]]),
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (node, commands) in work {
                group.addTask {
                    for arguments in commands { _ = try NodeProcess.run(arguments + ["--data", node.folder.path]) }
                }
            }
            try await group.waitForAll()
        }
        // Every node: v3, edited; 🎯 by bob only (carol added and removed hers), 🔥 by bob and
        // carol, gg by alice and bob.
        func shown(_ node: NodeProcess) throws -> [String] {
            let json = try node.cli("chat", "thread", id, "--json")
            let thread = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let root = thread?["root"] as? [String: Any] ?? [:]
            let reactions = (root["reactions"] as? [[String: Any]] ?? []).map { reaction in
                let members = (reaction["members"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                return "\(reaction["emoji"] as? String ?? ""): \(members.sorted().joined(separator: " "))"
            }
            return ["\(root["text"] as? String ?? "") edited: \(root["edited"] is String)"] + reactions.sorted()
        }
        let want = ["v3 edited: true", "gg: alice bob", "🎯: bob", "🔥: bob carol"]
        for node in [a, b, c] {
            #expect(try await eventually { try shown(node) == want }, "\(node.name): \((try? shown(node)) ?? [])")
        }
    }

    /// alice, bob and carol, started; bob knows alice, carol both.
    static func threeNodes(in cluster: Cluster) async throws -> (NodeProcess, NodeProcess, NodeProcess) {
        let (a, b, c) = (cluster.node("alice"), cluster.node("bob"), cluster.node("carol"))
        try await a.start()
        try await b.start(peers: [a])
        try await c.start(peers: [a, b])
        return (a, b, c)
    }

    /// Every file under `folder` whose bytes contain `text`.
    static func filesHolding(_ text: String, under folder: URL) throws -> [String] {
        let needle = Data(text.utf8)
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects ?? []
        return files.compactMap { $0 as? URL }.filter { url in
            (try? Data(contentsOf: url)).map { $0.range(of: needle) != nil } ?? false
        }.map(\.lastPathComponent)
    }
}

extension NodeProcess {
    /// One field of a command's JSON answer, as text.
    func value(_ command: String, _ field: String) throws -> String {
        let json = try cli(command, "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?[field].map { "\($0)" } ?? ""
    }
}
