import Foundation
import HearthChat
import HearthCrypto
import HearthNode
import Logging

/// A chat node in this process on a fresh data folder of its own network, logging errors only,
/// with a channel `bench`: what the in-process benchmarks write through.
enum InProcessNode {
    static func start(folder: URL, name: String, apps: [any HearthApp] = [ChatApp()]) async throws -> Node {
        let data = DataFolder(path: folder.path)
        var logger = Logger(label: "bench.\(name)")
        logger.logLevel = .error
        let membership = try NetworkMembership.resolve(
            folder: data, network: nil, passphrase: nil,
            invite: Invite(networkName: "bench", key: .generate()).description)
        let node = try Node(
            configuration: NodeConfiguration(
                folder: data, displayName: name, network: membership, listen: nil, peers: [],
                apps: AppRegistry(apps)),
            logger: logger)
        _ = try await node.chat.createChannel("bench", topic: nil)
        return node
    }
}
