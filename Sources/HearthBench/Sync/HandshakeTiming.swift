import HearthCRDT
import HearthCrypto
import HearthNet
import HearthWire
import Logging

/// Times link set-up in-process: TCP connect on loopback, the Noise XXpsk3 handshake and the
/// Hello exchange, from `addPeer` to the link being registered on the dialling side.
enum HandshakeTiming {
    /// A delegate with an empty log that reports link events.
    private actor Observer: MeshDelegate {
        private var waiting: CheckedContinuation<Void, Never>?
        private var opened = 0

        func versionVector() -> VersionVector<NodeID> { VersionVector() }
        func storedChanges(author: NodeID, in range: ClosedRange<UInt64>, limit: Int) -> [KeyedChange] { [] }
        func receive(_ changes: [WireSignedChange], from peer: NodeID) -> ReceivedChanges {
            ReceivedChanges(fresh: [], duplicates: [])
        }
        func linkOpened(_ info: LinkInfo) {
            opened += 1
            waiting?.resume()
            waiting = nil
        }
        func linkClosed(_ info: LinkInfo, reason: String) {}

        func waitForLink() async {
            if opened > 0 {
                opened -= 1
                return
            }
            await withCheckedContinuation { waiting = $0 }
            opened -= 1
        }
    }

    /// Milliseconds per link set-up, `rounds` times, each with a fresh dialling node.
    static func measure(rounds: Int) async throws -> [Double] {
        var logger = Logger(label: "bench.handshake")
        logger.logLevel = .critical
        let key = NetworkKey.generate()
        let listener = Mesh(
            identity: .generate(), networkKey: key,
            configuration: MeshConfiguration(
                listen: PeerAddress(host: "127.0.0.1", port: 0), staticPeers: [], displayName: "listener"),
            logger: logger)
        try await listener.start(delegate: Observer())
        guard let port = await listener.listeningPort else { return [] }
        var samples: [Double] = []
        for _ in 0..<rounds {
            let observer = Observer()
            let dialler = Mesh(
                identity: .generate(), networkKey: key,
                configuration: MeshConfiguration(listen: nil, staticPeers: [], displayName: "dialler"),
                logger: logger)
            try await dialler.start(delegate: observer)
            let started = ContinuousClock.now
            await dialler.addPeer(PeerAddress(host: "127.0.0.1", port: port))
            await observer.waitForLink()
            samples.append((ContinuousClock.now - started).milliseconds)
            await dialler.shutdown()
        }
        await listener.shutdown()
        return samples
    }
}
