import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The first handler of every control-API connection, next to the socket: caps the number of
/// connections, closes connections that take too long to send a request or sit idle, answers
/// what the HTTP parser refuses (`ParserErrorAnswerer`) and TLS on the plain HTTP port, and
/// leaves WebSocket connections alone once upgraded.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Limits: Sendable {
        /// Open connections at most (nginx's `worker_connections`, Redis's `maxclients`).
        var connections = 256
        /// From the first byte of a request to the start of its answer.
        var requestTimeout: TimeAmount = .seconds(10)
        /// Between an answer and the next request on a kept-alive connection.
        var idleTimeout: TimeAmount = .seconds(30)
    }

    /// Connections open now, shared by every connection of one server.
    final class Census: Sendable {
        let open = NIOLockedValueBox(0)
        let refusals = NIOLockedValueBox((count: 0, lastLogged: NIODeadline.distantPast))
        init() {}
    }

    private enum State {
        case idle
        case readingRequest
        case answering
        case upgraded
        case closing
    }

    private let limits: Limits
    private let census: Census
    private let logger: Logger
    private var state = State.idle
    private var counted = false
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var sawFirstByte = false
    private var closeAfterAnswer = false

    init(limits: Limits, census: Census, logger: Logger) {
        self.limits = limits
        self.census = census
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Added by the child channel's initializer, usually once the channel is already active.
        if context.channel.isActive { activate(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
        if counted { census.open.withLockedValue { $0 -= 1 } }
        counted = false
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context: context)
        context.fireChannelActive()
    }

    private func activate(context: ChannelHandlerContext) {
        guard !counted else { return }
        let open = census.open.withLockedValue { count in
            count += 1
            return count
        }
        counted = true
        if open > limits.connections {
            logRefusal(open: open - 1)
            state = .closing
            context.close(promise: nil)
            return
        }
        schedule(limits.idleTimeout, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if counted { census.open.withLockedValue { $0 -= 1 } }
        counted = false
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closing else { return }
        if !sawFirstByte {
            sawFirstByte = true
            if unwrapInboundIn(data).readableBytesView.first == 0x16 {
                answer(
                    status: "400 Bad Request", code: "invalid_argument",
                    message: "this is the node's plain HTTP control API: use http://, not https://")
                return
            }
        }
        if state == .idle {
            state = .readingRequest
            schedule(limits.requestTimeout, context: context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data)
        if state != .upgraded, bytes.readableBytesView.starts(with: Self.statusLinePrefix) {
            if bytes.readableBytesView.starts(with: Self.switchingProtocols) {
                state = .upgraded
                timer?.cancel()
            } else {
                state = .answering
                timer?.cancel()
                // An answer that says it closes the connection (such as a 413 sent before the
                // body was read) is followed by a close, not by reading the rest of the body.
                closeAfterAnswer = Self.saysClose(bytes)
            }
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        if state == .answering, closeAfterAnswer {
            state = .closing
            timer?.cancel()
            context.flush()
            context.close(promise: nil)
            return
        }
        if state == .answering {
            state = .idle
            schedule(limits.idleTimeout, context: context)
        }
        context.flush()
    }

    /// Answers with a JSON error and closes the connection; for what never reaches the router.
    func answer(status: String, code: String, message: String) {
        guard let context, state != .closing, state != .upgraded else { return }
        state = .closing
        timer?.cancel()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(["error": ["code": code, "message": message]])) ?? Data()
        var buffer = context.channel.allocator.buffer(capacity: body.count + 160)
        buffer.writeString(
            "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        )
        buffer.writeBytes(body)
        context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private func schedule(_ delay: TimeAmount, context: ChannelHandlerContext) {
        timer?.cancel()
        let expected = state
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            guard let self, self.state == expected else { return }
            switch expected {
            case .readingRequest:
                self.answer(
                    status: "408 Request Timeout", code: "timeout",
                    message:
                        "the request was not complete within \(limits.requestTimeout.nanoseconds / 1_000_000_000) s")
            case .idle:
                self.state = .closing
                context.close(promise: nil)
            default: break
            }
        }
    }

    private func logRefusal(open: Int) {
        let now = NIODeadline.now()
        let line = census.refusals.withLockedValue { refusals -> Int? in
            refusals.count += 1
            guard now - refusals.lastLogged >= .seconds(60) else { return nil }
            defer { refusals = (0, now) }
            return refusals.count
        }
        if let line {
            logger.warning(
                "refused a control API connection: \(open) are open, the limit is \(limits.connections) (\(line) refused since the last report)"
            )
        }
    }

    private static func saysClose(_ head: ByteBuffer) -> Bool {
        let text = String(decoding: head.readableBytesView.prefix(1024), as: UTF8.self).lowercased()
        return text.contains("\r\nconnection: close\r\n")
    }

    private static let statusLinePrefix = Array("HTTP/1.".utf8)
    private static let switchingProtocols = Array("HTTP/1.1 101".utf8)
}
