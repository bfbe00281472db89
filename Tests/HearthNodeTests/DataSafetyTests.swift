import Foundation
import HearthChatModels
import HearthCrypto
import HearthNet
import HearthTestSupport
import Testing

@testable import HearthChat
@testable import HearthNode

/// A node never signs two changes with one sequence number, never runs twice on one folder, and
/// refuses damaged or mismatched files with a message that says what to do.
@Suite struct DataSafetyTests {
    static let loopback = PeerAddress(host: "127.0.0.1", port: 0)

    func listening(_ name: String) async throws -> (TestNode, PeerAddress) {
        let test = try TestNode(listen: Self.loopback, name: name)
        try await test.node.start()
        let port = try #require(await test.node.mesh.listeningPort)
        return (test, PeerAddress(host: "127.0.0.1", port: port))
    }

    func messages(on test: TestNode, from author: NodeID) throws -> [ChatMessage] {
        try test.node.chat.messages(channel: "general", limit: 1000, before: nil).filter {
            $0.author == author.description
        }
    }

    @Test func aNodeWhoseDatabaseWasLostLearnsItsOwnLogBeforeSigningAgain() async throws {
        let (hub, address) = try await listening("hub")
        _ = try await hub.node.chat.createChannel("general", topic: nil)
        let hubEvents = await hub.node.events()
        let folder = try TemporaryFolder("hearth-lost-db")
        let authorID: NodeID
        do {
            let author = try TestNode(reopening: folder, listen: Self.loopback, peers: [address], name: "author")
            authorID = author.node.identity.id
            try await author.node.start()
            await author.node.waitUntilSigning()
            _ = try await hubEvents.first { $0.type == "peer.connected" }
            _ = try await author.node.chat.createChannel("general", topic: nil)
            for text in ["one", "two", "three"] {
                _ = try await author.node.chat.post(channel: "general", text: text, replyTo: nil)
            }
            _ = try await hubEvents.first { $0.value(as: ChatMessage.self)?.text == "three" }
            await author.node.stop()
        }
        let heldAtHub = await hub.node.versionVector()[authorID]
        let database = folder.url.appendingPathComponent("networks/testnet/hearth.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }

        let restarted = try TestNode(reopening: folder, listen: Self.loopback, peers: [address], name: "author")
        #expect(restarted.node.identity.id == authorID, "the key survived")
        #expect(try await restarted.node.status().signing == false)
        await #expect {
            _ = try await restarted.node.commit([.create("general")])
        } throws: { error in
            (error as? NodeError)?.code == .unavailable
        }
        try await restarted.node.start()
        await restarted.node.waitUntilSigning()
        #expect(await restarted.node.versionVector()[authorID] == heldAtHub, "its own log came back from the hub")
        let after = try await restarted.node.chat.post(channel: "general", text: "after the loss", replyTo: nil)
        _ = try await hubEvents.first { $0.value(as: ChatMessage.self)?.text == "after the loss" }
        #expect(try messages(on: hub, from: authorID).map(\.text) == ["one", "two", "three", "after the loss"])
        #expect(after.id.hasSuffix("-\(heldAtHub + 1)"), "the next sequence number, not a reused one")
        #expect(!hub.lines.contains("conflicting"), "no second version of any change reached the hub")
        await restarted.node.stop()
        await hub.node.stop()
    }

    @Test func aDatabaseRestoredFromABackupStopsSigningUntilItsOwnChangesArrive() async throws {
        let (hub, address) = try await listening("hub")
        _ = try await hub.node.chat.createChannel("general", topic: nil)
        let hubEvents = await hub.node.events()
        let folder = try TemporaryFolder("hearth-backup")
        let backup = try TemporaryFolder("hearth-backup-copy")
        let networkFolder = folder.url.appendingPathComponent("networks/testnet")
        var authorID: NodeID?
        for (round, texts) in [["before the backup"], ["lost one", "lost two"]].enumerated() {
            let author = try TestNode(reopening: folder, listen: Self.loopback, peers: [address], name: "author")
            authorID = author.node.identity.id
            try await author.node.start()
            _ = try await author.node.chat.createChannel("general", topic: nil)
            for text in texts { _ = try await author.node.chat.post(channel: "general", text: text, replyTo: nil) }
            _ = try await hubEvents.first { $0.value(as: ChatMessage.self)?.text == texts.last }
            await author.node.stop()
            if round == 0 {
                for name in try FileManager.default.contentsOfDirectory(atPath: networkFolder.path) {
                    try FileManager.default.copyItem(
                        at: networkFolder.appendingPathComponent(name), to: backup.url.appendingPathComponent(name))
                }
            }
        }
        let id = try #require(authorID)
        for name in try FileManager.default.contentsOfDirectory(atPath: backup.path) {
            let target = networkFolder.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: backup.url.appendingPathComponent(name), to: target)
        }
        for suffix in ["-wal", "-shm"]
        where !FileManager.default.fileExists(atPath: backup.path + "/hearth.sqlite" + suffix) {
            try? FileManager.default.removeItem(at: networkFolder.appendingPathComponent("hearth.sqlite" + suffix))
        }
        let restored = try TestNode(reopening: folder, listen: Self.loopback, peers: [address], name: "author")
        let events = await restored.node.events()
        try await restored.node.start()
        _ = try await events.first { $0.value(as: ChatMessage.self)?.text == "lost two" }
        await restored.node.waitUntilSigning()
        #expect(restored.lines.contains("restored from a backup?"))
        #expect(await restored.node.versionVector()[id] == hub.node.versionVector()[id])
        _ = try await restored.node.chat.post(channel: "general", text: "after the restore", replyTo: nil)
        _ = try await hubEvents.first { $0.value(as: ChatMessage.self)?.text == "after the restore" }
        #expect(
            try messages(on: hub, from: id).map(\.text) == [
                "before the backup", "lost one", "lost two", "after the restore",
            ])
        #expect(!hub.lines.contains("conflicting"))
        await restored.node.stop()
        await hub.node.stop()
    }

    @Test func aSecondNodeOnOneDataFolderIsRefusedAtOnce() throws {
        let folder = try TemporaryFolder("hearth-lock")
        let data = DataFolder(path: folder.path)
        try data.create()
        do {
            let first = try DataFolderLock(data)
            #expect {
                try DataFolderLock(data)
            } throws: { error in
                "\(error)".contains("already running on the data folder") && "\(error)".contains("pid \(getpid())")
            }
            withExtendedLifetime(first) {}
        }
        // Released with its holder: the folder can be locked again.
        _ = try DataFolderLock(data)
    }

    @Test func aDeletedIdentityKeyIsReportedNotReplacedSilently() throws {
        let folder = try TemporaryFolder("hearth-identity")
        _ = try TestNode(reopening: folder)
        try FileManager.default.removeItem(atPath: folder.path + "/identity.key")
        #expect {
            try TestNode(reopening: folder)
        } throws: { error in
            "\(error)".contains("identity.key is missing") && "\(error)".contains("Restore identity.key from a backup")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/identity.key"), "no new key was made")
    }

    @Test func anotherNodesIdentityKeyIsRefusedForThisDatabase() throws {
        let folder = try TemporaryFolder("hearth-identity")
        _ = try TestNode(reopening: folder)
        var seed = NodeIdentity.generate().exportSeed()
        try SecretFile.write(seed, to: folder.path + "/identity.key")
        wipe(&seed)
        #expect {
            try TestNode(reopening: folder)
        } throws: { error in
            "\(error)".contains("was written by node")
                && "\(error)".contains("Restore the identity.key that belongs with it")
        }
    }

    @Test func aDamagedNetworkKeyIsNotCalledAWrongPassphrase() throws {
        let folder = try TemporaryFolder("hearth-network-key")
        _ = try TestNode(reopening: folder)
        try Data([1, 2, 3]).write(to: folder.url.appendingPathComponent("networks/testnet/network.key"))
        #expect {
            try TestNode(reopening: folder)
        } throws: { error in
            "\(error)".contains("network.key is damaged (3 bytes, not 32)")
                && !"\(error)".contains("passphrase is wrong")
        }
    }

    @Test(arguments: ["lan/../lan", "elsewhere", ""])
    func aCurrentNetworkFileThatNamesNoJoinedNetworkIsReported(name: String) throws {
        let folder = try TemporaryFolder("hearth-current")
        _ = try TestNode(reopening: folder)
        try Data(name.utf8).write(to: folder.url.appendingPathComponent("current-network"))
        let data = DataFolder(path: folder.path)
        #expect {
            try NetworkMembership.resolve(folder: data, network: nil, passphrase: nil, invite: nil)
        } throws: { error in
            "\(error)".contains("current-network")
        }
        #expect(data.joinedNetworks() == ["testnet"], "no new network was created")
    }
}
