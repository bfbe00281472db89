import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One question over UDP and the answers that come back in time: a game server's status, or
/// every server that answers a broadcast on the LAN. A fresh socket per question, closed after it.
public enum DatagramQuery {
    /// An answer and where it came from (`10.0.0.5:27960`).
    public struct Answer: Sendable, Equatable {
        public var from: String
        public var bytes: [UInt8]
    }

    /// Sends `bytes` to every target from one socket, and collects answers until `timeout`
    /// passes, or, without `collectAll`, until every target has answered once.
    /// - Parameters:
    ///   - broadcast: allows targets that are broadcast addresses.
    ///   - largest: answers longer than this are dropped.
    /// - Throws: when the socket cannot be opened or a target is not an IPv4 address and port.
    public static func ask(
        _ targets: [(host: String, port: Int)], bytes: [UInt8], timeout: Duration, broadcast: Bool = false,
        collectAll: Bool = false, largest: Int = 16 * 1024
    ) async throws -> [Answer] {
        let addresses = try targets.map { try SocketAddress(ipAddress: $0.host, port: $0.port) }
        var bootstrap = DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
        if broadcast { bootstrap = bootstrap.channelOption(.socketOption(.so_broadcast), value: 1) }
        let channel = try await bootstrap.bind(host: "0.0.0.0", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                    wrappingChannelSynchronously: channel)
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            for address in addresses {
                try await outbound.write(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: bytes)))
            }
            let collected = NIOLockedValueBox<[Answer]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var answered = Set<String>()
                    for try await envelope in inbound where envelope.data.readableBytes <= largest {
                        let from = envelope.remoteAddress.description(withPort: true)
                        collected.withLockedValue {
                            $0.append(Answer(from: from, bytes: Array(envelope.data.readableBytesView)))
                        }
                        answered.insert(from)
                        if !collectAll, answered.count >= addresses.count { return }
                    }
                }
                group.addTask { try? await Task.sleep(for: timeout) }
                // Whichever ends first: every target answered, or the time is up.
                try await group.next()
                group.cancelAll()
            }
            return collected.withLockedValue { $0 }
        }
    }
}

extension SocketAddress {
    /// `10.0.0.5:27960`.
    fileprivate func description(withPort: Bool) -> String {
        "\(ipAddress ?? "?"):\(port ?? 0)"
    }
}
