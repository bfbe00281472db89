import Foundation
import HearthNet

/// Something that happened on the node, streamed to API clients (`GET /v1/events`).
public enum NodeEvent: Sendable, Encodable {
    case message(ChatMessage)
    case channel(ChatChannel)
    case peer(PeerSummary, connected: Bool)

    enum CodingKeys: String, CodingKey { case type, message, channel, peer }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .message(let message):
            try container.encode("chat.message", forKey: .type)
            try container.encode(message, forKey: .message)
        case .channel(let channel):
            try container.encode("chat.channel", forKey: .type)
            try container.encode(channel, forKey: .channel)
        case .peer(let peer, let connected):
            try container.encode(connected ? "peer.connected" : "peer.disconnected", forKey: .type)
            try container.encode(peer, forKey: .peer)
        }
    }
}

/// One open link, as `hearth peers` shows it.
public struct PeerSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var address: String
    public var direction: String
    public var roundTripMs: Double?
    public var connectedSince: Date

    public init(_ info: LinkInfo) {
        id = info.peer.description
        name = info.name
        address = info.address
        direction = info.direction.rawValue
        roundTripMs = info.roundTripMilliseconds
        connectedSince = info.connectedAt
    }
}

/// What `hearth status` shows.
public struct NodeStatus: Codable, Sendable {
    public var nodeID: String
    public var name: String
    public var network: String
    public var networkTag: String
    public var networks: [String]
    public var listen: String?
    public var dataFolder: String
    public var opsStored: Int
    public var authors: Int
    public var peers: Int
    public var pendingChanges: Int
    public var startedAt: Date
    public var version: String
}
