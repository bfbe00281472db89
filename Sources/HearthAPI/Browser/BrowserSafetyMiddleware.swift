import HTTPTypes
import Hummingbird

/// What keeps a web page elsewhere from using the node through its user's browser:
/// - `Host` must name this machine (127.0.0.1, localhost or [::1]): a page on a DNS-rebinding
///   name (evil.example resolving to 127.0.0.1) is refused (403);
/// - a request that changes something, and a WebSocket upgrade, that says where it comes from
///   (`Origin`) must come from this very origin (`http://` and the `Host`): a page on another
///   site or another local port is refused (403);
/// - every answer carries a strict Content-Security-Policy (scripts, styles and connections
///   from this origin only, no inline script, no framing) and says not to sniff types or send
///   referrers.
struct BrowserSafetyMiddleware<Context: RequestContext>: RouterMiddleware {
    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
            .xFrameOptions: "DENY",
            HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
            HTTPField.Name("Cross-Origin-Resource-Policy")!: "same-origin",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        if let refusal = check(request) {
            response = refusal
        } else {
            response = try await next(request, context)
        }
        for field in Self.securityHeaders where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }

    /// The refusal of a request a foreign page could have sent, if it is one.
    private func check(_ request: Request) -> Response? {
        guard let host = request.head.authority, Self.isLocal(host: host) else {
            return JSONResponse.error(
                "forbidden_host",
                "the control API answers only requests for 127.0.0.1 or localhost, not '\(request.head.authority ?? "")'",
                status: .forbidden)
        }
        let changes = request.method != .get && request.method != .head && request.method != .options
        let upgrading = request.headers[.upgrade]?.lowercased() == "websocket"
        if changes || upgrading, let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: host) {
            return JSONResponse.error(
                "forbidden_origin", "a page on \(origin.prefix(100)) may not use this node", status: .forbidden)
        }
        return nil
    }

    /// Whether `origin` is this origin, or the `ws://` origin that WebSocket clients outside
    /// browsers send for a local host (a browser sends its page's `http(s)://` origin, always).
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        if origin == "http://" + host { return true }
        for scheme in ["ws://", "wss://"] where origin.hasPrefix(scheme) {
            return isLocal(host: String(origin.dropFirst(scheme.count)))
        }
        return false
    }

    /// Whether `authority` (host and port, as in `Host`) names this machine.
    static func isLocal(host authority: String) -> Bool {
        let host: Substring
        if authority.hasPrefix("[") {
            guard let end = authority.firstIndex(of: "]") else { return false }
            host = authority[...end]
        } else {
            host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }
        return ["127.0.0.1", "localhost", "[::1]"].contains(host.lowercased())
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
