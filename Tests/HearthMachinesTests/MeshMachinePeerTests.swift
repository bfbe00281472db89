import HearthCRDT
import HearthCrypto
import Testing

@testable import HearthMachines

/// Choosing peers: the active view's bounds, admission, dialling, backoff and peer exchange.
@Suite struct MeshMachinePeerTests {
    static func peers(_ count: Int) -> [NodeID] { (0..<count).map { _ in NodeIdentity.generate().id }.sorted() }

    static func found(_ peers: [NodeID]) -> [NodeID: [PeerAddress]] {
        Dictionary(
            uniqueKeysWithValues: peers.enumerated().map { ($1, [PeerAddress(host: "10.0.1.\($0 + 1)", port: 7070)]) })
    }

    @Test func dialsFoundPeersUpToTheTargetAndNoMoreThanFourAtOnce() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 5), own: Self.peers(1)[0])
        let others = Self.peers(20)
        var dials = mesh.machine.setDiscovered(Self.found(others), now: 0, random: &mesh.random).dials
        dials += mesh.run(until: 4).dials
        #expect(dials.count == 3, "the target is 3 links")
        for (id, address) in dials {
            let peer = others[Int(address.host.split(separator: ".").last!)! - 1]
            _ = mesh.complete(id, MeshHarness.hello(peer))
        }
        #expect(mesh.machine.linkedPeers.count == 3)
        #expect(mesh.run(until: 100, traffic: true).dials.isEmpty)
    }

    @Test func aFullNodeRefusesADiallerWithOtherLinksAndTellsItWhomToTry() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 2))
        _ = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        _ = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        let (id, actions) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id, links: 3))
        #expect(actions.linksUp.isEmpty)
        guard case .peerList(let listed) = actions.sent.first(where: { $0.0 == id })?.1 else {
            Issue.record("no peer list before the refusal")
            return
        }
        #expect(listed.count == 2)
        #expect(actions.closes.map(\.1) == [MeshErrorCode.tooManyLinks.rawValue])
        #expect(mesh.machine.linkedPeers.count == 2)
    }

    @Test func aFullNodeMakesRoomForADiallerWithNoOtherLink() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 2))
        let (first, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        let (second, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        let lonely = NodeIdentity.generate().id
        let (_, actions) = mesh.inbound(MeshHarness.hello(lonely, links: 0))
        #expect(actions.linksUp.map(\.peer) == [lonely])
        #expect(actions.closes.count == 1 && [first, second].contains(actions.closes[0].0))
        #expect(actions.closes[0].2 == "making room for a node with few links")
    }

    @Test func aFullNodeMakesRoomForADiallerBelowItsTargetByDroppingAPeerWithLinksToSpare() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 3))
        let (_, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id, links: 1))
        let (rich, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id, links: 1))
        let (_, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id, links: 1))
        // No peer has links to spare yet: a full Hello does not offer room.
        #expect(mesh.machine.helloCounts(for: mesh.machine.newConnectionID()).makesRoom == false)
        // A ping says that peer now has 11 links, one more than its target (10).
        _ = mesh.machine.received(.ping(nonce: 5, links: 11), on: rich, now: 1)
        let id = mesh.machine.newConnectionID()
        mesh.machine.accepted(id, from: PeerAddress(host: "10.0.0.7", port: 50_500), now: 1)
        let mine = mesh.machine.helloCounts(for: id)
        #expect(mine == LinkCounts(links: 3, maxLinks: 3, makesRoom: true))
        let needy = NodeIdentity.generate().id
        let actions = mesh.machine.handshakeSucceeded(
            id, hello: MeshHarness.hello(needy, links: 2), now: 1, random: &mesh.random)
        #expect(actions.linksUp.map(\.peer) == [needy])
        #expect(actions.closes.map(\.0) == [rich])
        #expect(actions.closes.map(\.2) == ["making room for a node with few links"])
    }

    @Test func roomIsMadeOnlyForADiallerBelowItsTarget() {
        let full = LinkCounts(links: 12, maxLinks: 12, makesRoom: true)
        #expect(full.refuses(LinkCounts(links: 10, maxLinks: 12)))
        #expect(!full.refuses(LinkCounts(links: 9, maxLinks: 12)))
        #expect(!full.refuses(LinkCounts(links: 0, maxLinks: 12)))
        let fullWithoutRoom = LinkCounts(links: 12, maxLinks: 12)
        #expect(fullWithoutRoom.refuses(LinkCounts(links: 9, maxLinks: 12)))
        #expect(!fullWithoutRoom.refuses(LinkCounts(links: 0, maxLinks: 12)))
        #expect(!LinkCounts(links: 11, maxLinks: 12).refuses(LinkCounts(links: 11, maxLinks: 12)))
    }

    @Test func theDiallerReadsTheRefusalFromTheHellosAndWaitsBeforeTryingThatPeerAgain() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 4))
        let full = Self.peers(1)[0]
        let (_, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        let dial = mesh.machine.setDiscovered(Self.found([full]), now: 0, random: &mesh.random).dials
        let actions = mesh.run(until: 4).dials + dial
        let (id, _) = actions[0]
        let refused = mesh.complete(id, MeshHarness.hello(full, links: 4, maxLinks: 4))
        #expect(refused.linksUp.isEmpty && refused.closes.isEmpty, "it waits for the responder's list and goodbye")
        _ = mesh.machine.received(
            .peerList([
                KnownPeer(id: NodeIdentity.generate().id, addresses: [PeerAddress(host: "10.0.9.9", port: 7070)])
            ]), on: id, now: mesh.now)
        #expect(mesh.machine.knownPeers.count == 2, "the refusing peer's list is taken")
        _ = mesh.closed(id)
        let again = mesh.run(until: mesh.now + 29, traffic: true).dials.filter { $0.1.host == "10.0.1.1" }
        #expect(again.isEmpty)
    }

    /// The link-flap storm of the issue, reproduced: a peer's address taken over by another
    /// node. Dialling the peer reached the other node, counted as success, and dialled again at
    /// once, ~770 handshakes a second.
    @Test func reachingAnotherNodeAtAPeersAddressDropsThatAddressInsteadOfDiallingItAgain() {
        var mesh = MeshHarness()
        let (expected, squatter) = (NodeIdentity.generate().id, NodeIdentity.generate().id)
        let address = PeerAddress(host: "10.0.0.20", port: 7070)
        var dials = mesh.machine.setDiscovered([expected: [address]], now: 0, random: &mesh.random).dials
        dials += mesh.run(until: 4).dials
        #expect(dials.count == 1)
        let actions = mesh.complete(dials[0].0, MeshHarness.hello(squatter))
        #expect(actions.logLines.contains { $0.contains("now leads to node \(squatter.short), not \(expected.short)") })
        #expect(actions.linksUp.map(\.peer) == [squatter], "the node reached is a member like any other")
        #expect(
            mesh.run(until: 300, traffic: true).dials.isEmpty, "that address is not dialled for the expected node again"
        )
    }

    /// A member keeping the storm going on purpose: a peer list naming a made-up id at the
    /// address of a node this one is linked to.
    @Test func aPeerListNamingAFakeIDAtALinkedNodesAddressDialsNothing() {
        var mesh = MeshHarness()
        let (real, liar, fake) = (NodeIdentity.generate().id, NodeIdentity.generate().id, NodeIdentity.generate().id)
        _ = mesh.inbound(MeshHarness.hello(real, listenPort: 7070), from: "10.0.0.30")
        let (liarLink, _) = mesh.inbound(MeshHarness.hello(liar), from: "10.0.0.31")
        for minute in 0..<5 {
            _ = mesh.machine.received(
                .peerList([KnownPeer(id: fake, addresses: [PeerAddress(host: "10.0.0.30", port: 7070)])]), on: liarLink,
                now: mesh.now)
            #expect(mesh.run(until: Double(minute + 1) * 60, traffic: true).dials.isEmpty)
        }
    }

    @Test func aPeerListIsBoundedInEntriesAndInWhatItCanMakeANodeDial() {
        var settings = MeshSettings()
        settings.passiveCapacity = 100
        var mesh = MeshHarness(settings: settings)
        let (source, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        let listed = (0..<1000).map { index in
            KnownPeer(
                id: NodeIdentity.generate().id,
                addresses: (0..<20).map { PeerAddress(host: "10.1.\(index / 250).\(index % 250)", port: 7000 + $0) })
        }
        var actions = mesh.machine.received(.peerList(listed), on: source, now: 0)
        actions += mesh.tick(at: 5)
        #expect(mesh.machine.knownPeers.count == 100)
        #expect(mesh.machine.view.candidates.values.allSatisfy { $0.addresses.count <= 8 })
        #expect(actions.dials.count == 4, "at most four dials at once, whatever the list says")
    }

    @Test func whatPeerListsSaidIsForgottenFiveMinutesAfterTheLastOne() {
        var mesh = MeshHarness()
        let (source, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        _ = mesh.machine.received(
            .peerList([
                KnownPeer(id: NodeIdentity.generate().id, addresses: [PeerAddress(host: "10.0.5.5", port: 7070)])
            ]), on: source, now: 0)
        _ = mesh.machine.received(.pong(nonce: 0), on: source, now: 0)
        #expect(mesh.machine.knownPeers.count == 1)
        for second in stride(from: 10.0, through: 290, by: 10) {
            _ = mesh.machine.received(.ping(nonce: 1, links: 1), on: source, now: second); _ = mesh.tick(at: second)
        }
        #expect(mesh.machine.knownPeers.count == 1)
        for second in stride(from: 300.0, through: 310, by: 10) {
            _ = mesh.machine.received(.ping(nonce: 1, links: 1), on: source, now: second); _ = mesh.tick(at: second)
        }
        #expect(mesh.machine.knownPeers.isEmpty)
    }

    @Test func aStaticPeerIsDialledAgainWithBackoffAndEachNewProblemIsLoggedOnce() {
        var mesh = MeshHarness()
        let address = PeerAddress(host: "10.0.0.40", port: 7070)
        var dials = mesh.machine.addStaticPeer(address, now: 0, random: &mesh.random).dials
        var logged: [String] = []
        var times: [Double] = []
        for _ in 0..<6 {
            guard let (id, _) = dials.first else { break }
            times.append(mesh.now)
            logged +=
                mesh.machine.dialFailed(id, problem: "connection refused", now: mesh.now, random: &mesh.random).logLines
            dials = []
            while dials.isEmpty && mesh.now < 200 { dials = mesh.tick(at: mesh.now + 0.05).dials }
        }
        #expect(logged == ["connection refused"])
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.count == 5 && gaps.last! > gaps.first!, "the pauses grow: \(gaps)")
    }

    @Test func whenALinkClosesOtherPeersAreAskedToPushTheAuthorsItBrought() {
        var mesh = MeshHarness()
        let (parent, author) = (NodeIdentity.generate().id, NodeIdentity.generate().id)
        let (parentLink, _) = mesh.inbound(MeshHarness.hello(parent))
        let (other, _) = mesh.inbound(MeshHarness.hello(NodeIdentity.generate().id))
        _ = mesh.machine.changesStored(
            on: parentLink, pushed: true, fresh: [ChangeKey(author: author, seq: 1)], duplicates: [])
        let lazy = mesh.machine.changesStored(
            on: other, pushed: true, fresh: [], duplicates: [ChangeKey(author: author, seq: 1)])
        #expect(lazy == [.send(other, .pushControl(PushControl(lazy: [author])))])
        let actions = mesh.closed(parentLink)
        #expect(actions.sent.contains { $0.0 == other && $0.1 == .pushControl(PushControl(eager: [author])) })
    }

    @Test func atItsTargetANodeRotatesOneLinkForAPeerItHasNoLinkTo() {
        var mesh = MeshHarness(settings: MeshSettings(maxLinks: 4))
        let linked = Self.peers(2)
        let spare = NodeIdentity.generate().id
        for peer in linked { _ = mesh.inbound(MeshHarness.hello(peer)) }
        _ = mesh.machine.setDiscovered(
            [spare: [PeerAddress(host: "10.0.2.2", port: 7070)]], now: 0, random: &mesh.random)
        var rotation: [(ConnectionID, PeerAddress)] = []
        while rotation.isEmpty && mesh.now < 1000 {
            rotation = mesh.run(until: mesh.now + 10, traffic: true).dials
        }
        #expect(rotation.count == 1 && mesh.now >= 300, "not before half the interval")
        let actions = mesh.complete(rotation[0].0, MeshHarness.hello(spare))
        #expect(actions.linksUp.map(\.peer) == [spare])
        #expect(actions.closes.map(\.2) == ["rotating links"])
    }
}
