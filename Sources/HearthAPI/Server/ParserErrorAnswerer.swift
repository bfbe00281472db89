import NIOCore
import NIOHTTP1

/// The last handler of a control-API connection: turns the HTTP parser's refusals (an unknown
/// method, headers or URL over the limits, Content-Length with Transfer-Encoding, garbage) into
/// an answer and a close, through the connection's `ConnectionGuard`, instead of silence.
final class ParserErrorAnswerer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let guardHandler: ConnectionGuard

    init(guardHandler: ConnectionGuard) { self.guardHandler = guardHandler }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let (status, message): (String, String)
        switch parserError {
        case .invalidMethod:
            (status, message) = ("405 Method Not Allowed", "unknown HTTP method: the API uses GET and POST")
        case .headerOverflow:
            (status, message) = (
                "431 Request Header Fields Too Large",
                "the request line and headers are over 80 KB, or there are over 1,000 headers"
            )
        case .unexpectedContentLength:
            (status, message) = ("400 Bad Request", "a request may not have both Content-Length and Transfer-Encoding")
        default:
            (status, message) = ("400 Bad Request", "the request is not valid HTTP/1.1")
        }
        guardHandler.answer(status: status, code: "invalid_argument", message: message)
    }
}
