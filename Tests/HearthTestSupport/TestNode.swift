import Foundation
import HearthChat
import HearthCrypto
import HearthNet
import HearthNode
import Logging
import NIOConcurrencyHelpers

/// A node on a temporary data folder, with its log lines recorded. Not networked unless given a
/// listen address (its mesh starts with `node.start()`).
public struct TestNode {
    public let folder: TemporaryFolder
    public let node: Node
    public let lines: RecordingLogHandler.Lines

    /// - Parameters:
    ///   - folder: a data folder to reopen (a restart); a new one otherwise.
    ///   - apps: the apps the node runs (chat by default).
    ///   - listen: where to accept links, e.g. 127.0.0.1 port 0.
    ///   - peers: peers to keep links to.
    public init(
        reopening folder: TemporaryFolder? = nil, apps: [any HearthApp] = [ChatApp()], listen: PeerAddress? = nil,
        peers: [PeerAddress] = [], name: String = "tester", clock: (@Sendable () -> Double)? = nil,
        wallClock: (@Sendable () -> UInt64)? = nil
    ) throws {
        let folder = try folder ?? TemporaryFolder("hearth-node")
        let data = DataFolder(path: folder.path)
        let membership = try NetworkMembership.resolve(
            folder: data, network: nil, passphrase: nil,
            invite: data.joinedNetworks().isEmpty ? Self.invite : nil)
        let (logger, lines) = RecordingLogHandler.logger("node")
        var configuration = NodeConfiguration(
            folder: data, displayName: name, network: membership, listen: listen, peers: peers,
            apps: try AppRegistry(apps))
        if let clock { configuration.clock = clock }
        if let wallClock { configuration.wallClock = wallClock }
        node = try Node(configuration: configuration, logger: logger)
        self.folder = folder
        self.lines = lines
    }

    /// A clock that moves only when told to, for pauses and retries.
    public final class ManualClock: Sendable {
        private let box: NIOLockedValueBox<Double>
        public init(start: Double = 1_000) { box = NIOLockedValueBox(start) }
        public var now: Double { box.withLockedValue { $0 } }
        public func advance(by seconds: Double) { box.withLockedValue { $0 += seconds } }
        public var reading: @Sendable () -> Double { { self.now } }
        /// The clock as milliseconds since 1970, for a wall clock.
        public var milliseconds: @Sendable () -> UInt64 { { UInt64(self.now * 1000) } }
    }

    /// One network shared by every test node, so that invites need no key derivation.
    static let invite = Invite(networkName: "testnet", key: .generate()).description

    public func texts(in channel: String) async throws -> [String] {
        try node.chat.messages(channel: channel, limit: 1000, before: nil).map(\.text)
    }
}
