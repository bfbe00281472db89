import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// The router the control API's routes are added through: it hands each route to the real
/// router and remembers which methods each path takes, so that a request for a known path with
/// another method gets 405 and an `Allow` header (`RequestLimitsMiddleware`) rather than 404.
final class RouteTable<Context: RequestContext>: RouterMethods {
    let router: Router<Context>
    let known = KnownMethods<Context>()

    init(router: Router<Context>) { self.router = router }

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        router.on(path, method: method, responder: responder)
        known.add(path, method: method)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}

/// Which methods each route path takes.
final class KnownMethods<Context: RequestContext>: Sendable {
    private let state = NIOLockedValueBox(State())

    private struct State: @unchecked Sendable {
        var methods: [String: (path: RouterPath, methods: Set<String>)] = [:]
        var lookup: RouterResponder<Context>?
    }

    func add(_ path: RouterPath, method: HTTPRequest.Method) {
        state.withLockedValue { state in
            state.methods[path.description, default: (path, [])].methods.insert(method.rawValue)
            state.lookup = nil
        }
    }

    /// The methods the route matching `request`'s path takes, if any route matches it.
    func allowedMethods(for request: Request, context: Context) async -> [String]? {
        let lookup = state.withLockedValue { state in
            if let lookup = state.lookup { return lookup }
            // A router of its own whose GET routes answer with the methods of their path.
            let probe = Router(context: Context.self)
            for (path, methods) in state.methods.values {
                let allowed = methods.sorted().joined(separator: ", ")
                probe.on(
                    path, method: .get,
                    responder: CallbackResponder { _, _ in
                        Response(status: .ok, headers: [.allow: allowed])
                    })
            }
            let built = probe.buildResponder()
            state.lookup = built
            return built
        }
        let head = HTTPRequest(method: .get, scheme: nil, authority: nil, path: request.uri.path)
        let probed = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        guard let response = try? await lookup.respond(to: probed, context: context),
            let allowed = response.headers[.allow]
        else { return nil }
        return allowed.components(separatedBy: ", ")
    }
}
