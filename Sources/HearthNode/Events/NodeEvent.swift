import Foundation
import HearthNet
import Synchronization

/// Something an app reports, e.g. `chat.message` with the message under the key `message`.
public struct AppEvent: Sendable {
    public let type: String
    public let key: String
    public let value: any Encodable & Sendable

    public init(type: String, key: String, value: any Encodable & Sendable) {
        self.type = type
        self.key = key
        self.value = value
    }
}

/// Something that happened on the node, streamed to API clients (`GET /v1/events`): an app's
/// event or a link's, numbered in the order the node published them.
/// JSON: `{"seq": N, "type": "chat.message", "message": {…}}`.
public struct NodeEvent: Sendable, Encodable {
    public let seq: UInt64
    public let event: AppEvent
    /// The event as its subscribers are sent it, made by the first that asks: every listening
    /// client gets the same bytes, encoded once.
    private let encoded = EncodedOnce()

    public init(seq: UInt64, event: AppEvent) {
        self.seq = seq
        self.event = event
    }

    /// The event encoded by `encode`, which runs only for the first caller of any copy of it;
    /// later callers get those bytes (all callers must pass the same encoding).
    public func encoded(by encode: (NodeEvent) throws -> Data) rethrows -> Data {
        try encoded.bytes { try encode(self) }
    }

    public var type: String { event.type }

    /// The event's value, if it is a `T`.
    public func value<T>(as type: T.Type) -> T? { event.value as? T }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(seq, forKey: Key("seq"))
        try container.encode(event.type, forKey: Key("type"))
        try container.encode(event.value, forKey: Key(event.key))
    }
}

/// Bytes made once and shared by every copy of the value that holds it.
private final class EncodedOnce: Sendable {
    private let data = Mutex<Data?>(nil)

    func bytes(_ make: () throws -> Data) rethrows -> Data {
        try data.withLock { data in
            if let data { return data }
            let made = try make()
            data = made
            return made
        }
    }
}

extension PeerSummary {
    public init(_ info: LinkInfo) {
        self.init(
            id: info.peer.description, name: info.name, address: info.address, direction: info.direction.rawValue,
            roundTripMs: info.roundTripMilliseconds, connectedSince: info.connectedAt)
    }
}
