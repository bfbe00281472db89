import HearthCRDT
import HearthCrypto
import Testing

@testable import HearthMachines

/// Links: handshake deadlines, pings, keepalive, duplicates, Goodbye (fake clock throughout).
@Suite struct MeshMachineLinkTests {
    @Test func aHandshakeThatStallsIsDroppedAtItsDeadlineAndLoggedAsATimeout() {
        var mesh = MeshHarness()
        let id = mesh.machine.newConnectionID()
        mesh.machine.accepted(id, from: PeerAddress(host: "10.0.0.5", port: 40_000), now: 0)
        #expect(mesh.machine.nextWakeup(after: 0) == 10)
        #expect(!mesh.tick(at: 9.9).contains(.abort(id)))
        let actions = mesh.tick(at: 10)
        #expect(actions.contains(.abort(id)))
        #expect(actions.logLines.contains { $0.contains("did not answer in time") })
        #expect(
            mesh.machine.handshakeFailed(
                id, error: .init(address: "x", reason: .closedByPeer), now: 10, random: &mesh.random
            ).isEmpty,
            "the driver's later report of the dropped connection is ignored")
    }

    @Test func aNewLinkPingsAtOnceAndShowsTheRoundTrip() throws {
        var mesh = MeshHarness()
        let peer = NodeIdentity.generate().id
        let (id, actions) = mesh.inbound(MeshHarness.hello(peer))
        #expect(actions.linksUp.map(\.peer) == [peer])
        #expect(actions.contains { if case .requestSync(id, _) = $0 { true } else { false } })
        let ping = try #require(
            actions.sent.compactMap { if case .ping(let nonce, _) = $0.1 { nonce } else { nil } }.first)
        _ = mesh.machine.received(.pong(nonce: ping), on: id, now: 0.004)
        #expect(mesh.machine.linkSummaries.first?.roundTrip == 0.004)
        // And again every 5 s.
        #expect(mesh.tick(at: 5).sent.contains { if case .ping = $0.1 { true } else { false } })
    }

    @Test func aPingIsAnsweredWithItsNonce() {
        var mesh = MeshHarness()
        let (id, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        #expect(mesh.machine.received(.ping(nonce: 77, links: 1), on: id, now: 1) == [.send(id, .pong(nonce: 77))])
    }

    /// Was `aSilentPeerIsDroppedByTheKeepalive`, which waited real seconds.
    @Test func aSilentPeerIsClosedWithAKeepaliveTimeout() {
        var mesh = MeshHarness()
        let (id, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        _ = mesh.machine.received(.ping(nonce: 1, links: 1), on: id, now: 8)
        #expect(mesh.run(until: 22).closes.isEmpty)
        let actions = mesh.tick(at: 23)
        #expect(actions.closes.map(\.1) == [MeshErrorCode.keepaliveTimeout.rawValue])
        #expect(actions.logLines.contains("link timed out"))
        let down = mesh.closed(id)
        #expect(
            down.contains {
                if case .linkDown(_, let reason) = $0 { reason.hasPrefix("nothing received") } else { false }
            })
    }

    @Test func ofTwoLinksBetweenTheSameNodesTheOneDialledByTheSmallerIDStays() {
        let ids = [NodeIdentity.generate().id, NodeIdentity.generate().id].sorted()
        var mesh = MeshHarness(own: ids[1])
        let smaller = ids[0]
        // This node (the larger id) dialled first; then the smaller id dials in.
        let dial = mesh.machine.addStaticPeer(PeerAddress(host: "10.0.0.2", port: 7070), now: 0, random: &mesh.random)
        let (outbound, _) = dial.dials[0]
        _ = mesh.complete(outbound, MeshHarness.hello(smaller))
        let (inbound, actions) = mesh.inbound(MeshHarness.hello(smaller))
        #expect(actions.closes.map(\.0) == [outbound])
        #expect(actions.closes.map(\.1) == [MeshErrorCode.duplicateLink.rawValue])
        #expect(mesh.machine.connection(to: smaller) == inbound)
        // The replaced link ending is not a link going down.
        #expect(!mesh.closed(outbound).contains { if case .linkDown = $0 { true } else { false } })
    }

    @Test func aGoodbyeIsWhatTheLinkDownSays() {
        var mesh = MeshHarness()
        let (id, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        _ = mesh.machine.received(.goodbye(reason: "node shutting down"), on: id, now: 1)
        let actions = mesh.closed(id)
        #expect(
            actions.contains {
                if case .linkDown(_, "peer said goodbye (node shutting down)") = $0 { true } else { false }
            })
    }

    /// A peer given with `--peer` that says goodbye (it may be restarting, and know no one to dial)
    /// is dialled again after the usual backoff, not the 30 s pause; one that refused is paused.
    @Test func aStaticPeerThatSaidGoodbyeIsDialledAgainSoonUnlessItRefused() {
        for refused in [false, true] {
            var mesh = MeshHarness()
            let address = PeerAddress(host: "10.0.0.2", port: 7070)
            let (dialled, _) = mesh.machine.addStaticPeer(address, now: 0, random: &mesh.random).dials[0]
            _ = mesh.complete(dialled, MeshHarness.hello(NodeIdentity.generate().id))
            if refused { _ = mesh.machine.received(.error(code: 7, message: "too many links"), on: dialled, now: 1) }
            _ = mesh.machine.received(.goodbye(reason: "node shutting down"), on: dialled, now: 1)
            _ = mesh.closed(dialled)
            let again = mesh.run(until: 5).dials.map(\.1)
            #expect(again.contains(address) == !refused, refused ? "paused after a refusal" : "dialled within 4 s")
        }
    }

    @Test func repeatedHandshakeFailuresFromOneHostAreCountedWhenTheMinuteEnds() {
        var mesh = MeshHarness()
        var lines: [String] = []
        for second in 0..<5 {
            let id = mesh.machine.newConnectionID()
            mesh.machine.accepted(id, from: PeerAddress(host: "10.0.0.7", port: 40_000 + second), now: Double(second))
            lines +=
                mesh.machine.handshakeFailed(
                    id, error: HandshakeError(address: "10.0.0.7:\(40_000 + second)", reason: .wrongNetwork),
                    now: Double(second), random: &mesh.random
                ).logLines
        }
        #expect(lines.count == 1)
        let later = mesh.run(until: 61).logLines
        #expect(later.contains { $0.contains("passphrase is wrong") && $0.contains("4 more like it") })
    }

    @Test func shuttingDownSaysGoodbyeOnLinksAndDropsHandshakes() {
        var mesh = MeshHarness()
        let (link, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        let pending = mesh.machine.newConnectionID()
        mesh.machine.accepted(pending, from: PeerAddress(host: "10.0.0.3", port: 1), now: 0)
        let actions = mesh.machine.shutdown()
        #expect(actions.closes.map(\.0) == [link] && actions.closes.map(\.2) == ["node shutting down"])
        #expect(actions.contains(.abort(pending)))
        #expect(mesh.tick(at: 5).dials.isEmpty)
    }

    /// A review finding: a static dial that lost the duplicate rule was dialled again every
    /// 15–30 s, because only an admitted link recorded which node the address leads to.
    @Test func aStaticAddressThatLostTheDuplicateRuleIsNotDialledWhileItsNodeIsLinked() {
        let ids = [NodeIdentity.generate().id, NodeIdentity.generate().id].sorted()
        var mesh = MeshHarness(own: ids[1])
        let (_, _) = mesh.inbound(MeshHarness.hello(ids[0]))
        let (dial, _) = mesh.machine.addStaticPeer(
            PeerAddress(host: "10.0.0.2", port: 7070), now: 0, random: &mesh.random
        ).dials[0]
        let lost = mesh.complete(dial, MeshHarness.hello(ids[0]))
        #expect(lost.closes.map(\.0) == [dial], "the smaller id's own dial wins")
        _ = mesh.closed(dial)
        #expect(mesh.run(until: 120, traffic: true).dials.isEmpty)
    }

    /// A review finding: a link being closed whose peer never read its goodbye stayed for ever.
    @Test func aClosingLinkThatDoesNotEndIsDroppedAfterFiveSeconds() {
        var mesh = MeshHarness()
        let (id, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        _ = mesh.run(until: 16)  // silent: closed with a keepalive timeout
        #expect(mesh.run(until: 20).contains(.abort(id)) == false)
        #expect(mesh.run(until: 23).contains(.abort(id)))
    }

    @Test func inboundLinksThatFinishTogetherStillKeepTheLimit() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 2))
        _ = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        // Two handshakes promised room at once (each Hello said one link).
        let first = mesh.machine.newConnectionID()
        let second = mesh.machine.newConnectionID()
        for id in [first, second] {
            mesh.machine.accepted(id, from: PeerAddress(host: "10.0.0.\(id.rawValue)", port: 1), now: 0)
            _ = mesh.machine.helloCounts(for: id)
        }
        _ = mesh.machine.handshakeSucceeded(
            first, hello: MeshHarness.hello(NodeIdentity.generate().id), now: 0, random: &mesh.random)
        let actions = mesh.machine.handshakeSucceeded(
            second, hello: MeshHarness.hello(NodeIdentity.generate().id), now: 0, random: &mesh.random)
        #expect(actions.closes.count == 1)
        #expect(mesh.machine.linkSummaries.count - actions.closes.count == 2)
    }
}
