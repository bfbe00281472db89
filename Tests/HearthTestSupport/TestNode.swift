import Foundation
import HearthCrypto
import HearthNode
import Logging

/// A node on a temporary data folder, not networked (its mesh is never started), with its log
/// lines recorded.
public struct TestNode {
    public let folder: TemporaryFolder
    public let node: Node
    public let lines: RecordingLogHandler.Lines

    public init(reopening folder: TemporaryFolder? = nil) throws {
        let folder = try folder ?? TemporaryFolder("hearth-node")
        let data = DataFolder(path: folder.path)
        let membership = try NetworkMembership.resolve(
            folder: data, network: nil, passphrase: nil,
            invite: data.joinedNetworks().isEmpty ? Self.invite : nil)
        let (logger, lines) = RecordingLogHandler.logger("node")
        node = try Node(
            configuration: NodeConfiguration(
                folder: data, displayName: "tester", network: membership, listen: nil, peers: []),
            logger: logger)
        self.folder = folder
        self.lines = lines
    }

    /// One network shared by every test node, so that invites need no key derivation.
    static let invite = Invite(networkName: "testnet", key: .generate()).description

    public func texts(in channel: String) async throws -> [String] {
        try await node.messages(channel: channel, limit: 1000, before: nil).map(\.text)
    }
}
