import Foundation
import HearthCRDT
import HearthCrypto
import HearthTestSupport
import HearthWire
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import HearthNet

/// Real meshes on loopback TCP with real Noise links, in one process.
@Suite struct MeshLoopbackTests {
    /// One node: a mesh, its in-memory log and the lines it logged.
    struct Peer {
        let identity: NodeIdentity
        let mesh: Mesh
        let log: MemoryOpLog
        let lines: RecordingLogHandler.Lines

        var id: NodeID { identity.id }

        static func start(
            _ name: String, key: NetworkKey, peers: [Peer] = []
        ) async throws -> Peer {
            let identity = NodeIdentity.generate()
            let configuration = MeshConfiguration(
                listen: PeerAddress(host: "127.0.0.1", port: 0),
                staticPeers: try await peers.asyncMap { try await $0.address() }, displayName: name)
            let (logger, lines) = RecordingLogHandler.logger(name)
            let mesh = Mesh(identity: identity, networkKey: key, configuration: configuration, logger: logger)
            let log = MemoryOpLog()
            try await mesh.start(delegate: log)
            return Peer(identity: identity, mesh: mesh, log: log, lines: lines)
        }

        func address() async throws -> PeerAddress {
            guard let port = await mesh.listeningPort else { throw TestTimeout() }
            return PeerAddress(host: "127.0.0.1", port: port)
        }

        /// Waits until this node has a link to `other`.
        func waitForLink(to other: NodeID) async throws {
            try await log.until { $0.contains(.opened(other)) }
        }
    }

    let key = NetworkKey.generate()

    /// Two linked nodes, `a` listening and `b` dialling it.
    func pair() async throws -> (a: Peer, b: Peer) {
        let a = try await Peer.start("a", key: key)
        let b = try await Peer.start("b", key: key, peers: [a])
        try await a.waitForLink(to: b.id)
        try await b.waitForLink(to: a.id)
        return (a, b)
    }

    @Test func linkedNodesCatchUpOnConnectAndThenPushNewChanges() async throws {
        let a = try await Peer.start("a", key: key)
        for seq: UInt64 in 1...3 { await a.log.append(try makeChange(by: a.identity, seq: seq)) }
        let b = try await Peer.start("b", key: key, peers: [a])
        try await b.log.until { $0.contains(.received(ChangeKey(author: a.id, seq: 3))) }

        let fourth = try makeChange(by: a.identity, seq: 4)
        await a.log.append(fourth)
        await a.mesh.broadcast([fourth], except: nil)
        try await b.log.until { $0.contains(.received(fourth.key)) }
        #expect(await b.log.count(of: a.id) == 4)

        let fromB = try makeChange(by: b.identity, seq: 1)
        await b.log.append(fromB)
        await b.mesh.broadcast([fromB], except: nil)
        try await a.log.until { $0.contains(.received(fromB.key)) }
        #expect(await a.mesh.linkInfos().map(\.peer) == [b.id])
        await b.mesh.shutdown()
        try await a.log.until { $0.contains { $0.isClose } }
        await a.mesh.shutdown()
    }

    @Test func inAFullMeshRelaysArePrunedSoEachChangeCrossesEachLinkAboutOnce() async throws {
        let a = try await Peer.start("a", key: key)
        let b = try await Peer.start("b", key: key, peers: [a])
        let c = try await Peer.start("c", key: key, peers: [a, b])
        for peer in [a, b, c] { await peer.log.relay(through: peer.mesh) }
        for (one, other) in [(a, b), (a, c), (b, c)] {
            try await one.waitForLink(to: other.id)
            try await other.waitForLink(to: one.id)
        }
        let rounds: UInt64 = 40
        for seq in 1...rounds {
            let change = try makeChange(by: a.identity, seq: seq)
            await a.log.append(change)
            await a.mesh.broadcast([change], except: nil)
            try await b.log.until { $0.contains(.received(change.key)) }
            try await c.log.until { $0.contains(.received(change.key)) }
        }
        // Without pruning, b and c would each relay every change to the other: 2 × 40 duplicates,
        // 40 of them after seq 20. With it, only the first changes (before the prune reaches the
        // relay) arrive twice, and on a loaded machine an anti-entropy answer (every 5 s) may
        // still cross a push now and then.
        let late = await [b.log.history, c.log.history].flatMap { history in
            history.compactMap { event -> ChangeKey? in
                if case .duplicate(let key) = event, key.seq > 20 { return key }
                return nil
            }
        }
        #expect(late.count <= 8, "duplicates after the push tree settled: \(late)")
        for peer in [a, b, c] { await peer.mesh.shutdown() }
    }

    /// A connection the mesh will not run (it completed as the node stopped) is closed through
    /// NIO's `executeThenClose`: dropping the wrapped channel with its writer open is a
    /// precondition failure that takes the whole process down.
    @Test(.timeLimit(.minutes(1))) func aConnectionThatWillNotRunIsClosedWithoutCrashing() async throws {
        let (a, b) = try await pair()
        let closed: EventLoopFuture<Void>
        do {
            let raw = try await RawConnection.open(to: try await a.address())
            closed = raw.channel.channel.closeFuture
            await Mesh.discard(raw.channel)
        }  // the last reference to the wrapped channel goes here, as in a dial the mesh drops
        try await closed.get()
        await b.mesh.shutdown()
        await a.mesh.shutdown()
    }

    @Test func garbageOnANewConnectionClosesOnlyThatConnection() async throws {
        let (a, b) = try await pair()
        let raw = try await RawConnection.open(to: try await a.address())
        var junk = [UInt8](repeating: 0, count: 300)
        for index in junk.indices { junk[index] = UInt8.random(in: 0...255) }
        junk[0] = 0x00
        junk[1] = 0x10  // a 16-byte "handshake message": too short to be one
        let answer = try await raw.sendThenReadUntilClosed(junk)
        #expect(answer.isEmpty, "a responder says nothing to a malformed first message")
        try await a.log.until { _ in a.lines.contains("malformed handshake") }

        let change = try makeChange(by: a.identity, seq: 1)
        await a.log.append(change)
        await a.mesh.broadcast([change], except: nil)
        try await b.log.until { $0.contains(.received(change.key)) }
        #expect(await !a.log.history.contains { $0.isClose })
        await b.mesh.shutdown()
        await a.mesh.shutdown()
    }

    @Test func aTamperedFrameClosesThatLinkWithALoggedReason() async throws {
        let (a, b) = try await pair()
        let intruder = NodeIdentity.generate()
        let raw = try await RawConnection.open(to: try await a.address())
        let report = try await raw.handshake(as: intruder, key: key) { sender in
            var frame = try sender.encrypt(ad: [], plaintext: Array(WireEnvelope.with { $0.ping = .init() }.encoded()))
            frame[frame.count / 2] ^= 0x01
            return FrameDecoder.frame(frame)
        }
        #expect(report.contains { $0.error.code == WireError.Code.malformedFrame.rawValue })
        try await a.log.until {
            $0.contains(
                .closed(intruder.id, reason: "malformed frame: a frame failed authentication (tampered or corrupted)"))
        }
        #expect(a.lines.contains("closing link: malformed frame"))

        let change = try makeChange(by: a.identity, seq: 1)
        await a.log.append(change)
        await a.mesh.broadcast([change], except: nil)
        try await b.log.until { $0.contains(.received(change.key)) }
        #expect(await a.mesh.linkInfos().map(\.peer) == [b.id])
        await b.mesh.shutdown()
        await a.mesh.shutdown()
    }

    @Test func aWrongNetworkKeyIsRefusedOnBothSidesAndLoggedOnce() async throws {
        let a = try await Peer.start("a", key: key)
        let stranger = NodeIdentity.generate()
        for _ in 0..<3 {
            let raw = try await RawConnection.open(to: try await a.address())
            // The node drops the connection when message 3 fails; the dialler names the cause.
            let error = await #expect(throws: HandshakeError.self) {
                _ = try await raw.handshake(as: stranger, key: NetworkKey.generate()) { _ in [] }
            }
            #expect(error?.reason == .wrongNetwork)
        }
        try await a.log.until { _ in a.lines.contains("the peer is on a different network or the passphrase is wrong") }
        #expect(a.lines.count(containing: "passphrase is wrong") == 1, "repeated failures from one host are throttled")
        #expect(await a.log.history.isEmpty)
        await a.mesh.shutdown()
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
