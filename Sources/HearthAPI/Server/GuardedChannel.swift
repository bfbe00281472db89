import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// The control API's connections: Hummingbird's HTTP/1.1 + WebSocket upgrade channel with a
/// `ConnectionGuard` in front (next to the socket) and a `ParserErrorAnswerer` at the end.
struct GuardedChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let limits: ConnectionGuard.Limits
    let census: ConnectionGuard.Census
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let guardHandler = ConnectionGuard(limits: limits, census: census, logger: self.logger)
        do {
            try channel.pipeline.syncOperations.addHandler(guardHandler, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let bound = NIOLoopBound(guardHandler, eventLoop: channel.eventLoop)
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(ParserErrorAnswerer(guardHandler: bound.value))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades through `webSocketRouter`, every connection guarded.
    static func guardedHTTP1WebSocket<WebSocketRouter: HTTPResponderBuilder>(
        webSocketRouter: WebSocketRouter, limits: ConnectionGuard.Limits, logger: Logger
    ) -> HTTPServerBuilder where WebSocketRouter.Responder.Context: WebSocketRequestContext {
        let webSocketResponder = webSocketRouter.buildResponder()
        let census = ConnectionGuard.Census()
        return HTTPServerBuilder { responder in
            GuardedChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: .init()),
                limits: limits, census: census, logger: logger)
        }
    }
}
