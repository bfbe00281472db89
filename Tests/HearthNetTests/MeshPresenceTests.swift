import Foundation
import HearthCrypto
import HearthWire
import Testing

@testable import HearthNet

/// The presence plane on real meshes over loopback: signed records, goodbyes, statuses, and
/// what a hostile peer's records come to.
@Suite struct MeshPresenceTests {
    typealias Peer = MeshLoopbackTests.Peer
    let key = NetworkKey.generate()

    @Test func threeNodesShowEachOtherOnlineAndAGoodbyeOffline() async throws {
        let a = try await Peer.start("a", key: key)
        let b = try await Peer.start("b", key: key, peers: [a])
        let c = try await Peer.start("c", key: key, peers: [b])
        for (observer, node) in [(a, b), (a, c), (b, a), (b, c), (c, a), (c, b)] {
            try await observer.log.untilPresence(of: node.id, is: "online")
        }
        await b.mesh.setPresence(.away, text: "pizza run, back in 20", game: nil)
        try await a.log.untilPresence(of: b.id, is: "away")
        let entry = await a.mesh.presenceEntries().first { $0.node == b.id }
        #expect(entry?.record?.text == "pizza run, back in 20")
        #expect(await b.mesh.presenceBytesSent > 0, "records, digests and beacons went out")

        await c.mesh.shutdown()
        try await a.log.untilPresence(of: c.id, is: "offline")
        let gone = await a.mesh.presenceEntries().first { $0.node == c.id }
        #expect(gone?.record?.status == .leaving, "offline because c said goodbye, not because its links fell silent")
        let drops = await a.mesh.presenceDrops().drops
        #expect(drops.badSignature == 0 && drops.oversized == 0, "copies that lost a race are all it drops")
        for peer in [a, b] { await peer.mesh.shutdown() }
    }

    /// An app's state of the largest size goes through a relay, signed and read back.
    @Test func anAppSignalCrossesARelayAndEndsWithItsNode() async throws {
        let a = try await Peer.start("a", key: key)
        let b = try await Peer.start("b", key: key, peers: [a])
        let c = try await Peer.start("c", key: key, peers: [b])
        try await a.log.untilPresence(of: c.id, is: "online")
        let scoreboard = AppSignal(
            app: "stats.live", object: [UInt8](repeating: 5, count: 16),
            data: (0..<SignalLimits.appDataBytes).map { UInt8($0 % 251) })
        await c.mesh.appSignal(scoreboard)
        try await a.log.until { $0.contains(.signal(.appChanged(c.id, scoreboard))) }
        await c.mesh.shutdown()
        let ended = AppSignal(app: scoreboard.app, object: scoreboard.object, data: [])
        try await a.log.until { $0.contains(.signal(.appChanged(c.id, ended))) }
        for peer in [a, b] { await peer.mesh.shutdown() }
    }

    @Test func forgedAndForeignRecordsAreDroppedAndTooManyCloseTheLink() async throws {
        let a = try await Peer.start("a", key: key)
        let victim = NodeIdentity.generate()
        let intruder = NodeIdentity.generate()
        let raw = try await RawConnection.open(to: try await a.address())
        let foreign = PresenceSigning(identity: intruder, network: NetworkKey.generate().tagBytes)
        let forger = PresenceSigning(identity: intruder, network: key.tagBytes)
        // A record in the victim's name, signed by the intruder.
        var forged = forger.seal(PresenceRecord(node: victim.id, counter: 9, status: .dnd))
        forged.signature = intruder.sign(PresenceSigning.domain + forged.body)
        let report = try await raw.handshake(as: intruder, key: key) { sender in
            var bytes: [UInt8] = []
            let messages: [PresenceMessage] = [
                .beacon,
                .records([forged]),
                .records([foreign.seal(PresenceRecord(node: intruder.id, counter: 1, status: .online))]),
                .records(
                    Array(
                        repeating: forger.seal(PresenceRecord(node: intruder.id, counter: 2, status: .online)),
                        count: 65)),
            ]
            for message in messages {
                let envelope = WireEnvelope(presence: message).encoded()
                for chunk in try MessageAssembler.chunks(of: envelope, chunkLength: 60_000) {
                    bytes += FrameDecoder.frame(try sender.encrypt(ad: [], plaintext: chunk))
                }
            }
            return bytes
        }
        #expect(report.contains { $0.error.code == WireError.Code.undecodableMessage.rawValue })
        try await a.log.until { $0.contains { $0.isClose(of: intruder.id) } }
        #expect(a.lines.contains("65 presence records in one message"))
        let (drops, unreadable) = await a.mesh.presenceDrops()
        #expect(drops.badSignature == 1, "the forged record")
        #expect(unreadable == 1, "the record of another network")
        #expect(await !a.mesh.presenceEntries().contains { $0.node == victim.id })
        await a.mesh.shutdown()
    }
}

extension MemoryOpLog {
    /// Waits until the last presence event about `node` shows it as `status` ("online", "away",
    /// "offline", …).
    func untilPresence(of node: NodeID, is status: String) async throws {
        try await until { history in
            history.last { if case .presence(node, _, _) = $0 { true } else { false } }
                == .presence(node, online: status != "offline", status: status)
        }
    }
}
