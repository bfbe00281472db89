import Foundation
import HTTPTypes
import HearthCrypto
import Hummingbird

/// Who may use the control API: a client with the bearer token (`Authorization: Bearer TOKEN`,
/// the CLI), or a browser with a live session cookie (the web UI, signed in through a one-time
/// code). The token is never taken from a URL, where it would end up in histories and logs.
struct Authorization: Sendable {
    enum Credential: Equatable {
        case token
        case session(String)
    }

    let token: String
    let sessions: BrowserSessions
    /// Named after the node, so that two nodes on one machine (one host, two ports) keep apart.
    let cookieName: String

    static var refusal: String {
        "missing or wrong API token: send 'Authorization: Bearer <token from the data folder's api-token file>', or sign in the browser with 'hearth ui'"
    }

    /// The credential `request` presents, if it is good.
    func credential(of request: Request) -> Credential? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let presented = Array(header.dropFirst(7).utf8)
            return constantTimeEqual(presented, Array(token.utf8)) ? .token : nil
        }
        guard let session = sessionCookie(of: request), sessions.isValid(session) else { return nil }
        return .session(session)
    }

    /// The value of this node's session cookie in `request`, if it carries one.
    func sessionCookie(of request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == cookieName {
                    return String(parts[1]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// The `Set-Cookie` value that signs a browser in (or out, with no session).
    func cookie(_ session: String?) -> String {
        let lifetime = session == nil ? 0 : Int(BrowserSessions.sessionLifetime)
        return "\(cookieName)=\(session ?? ""); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(lifetime)"
    }
}

/// Refuses (401) every request that presents neither the token nor a session, but the web UI's
/// files and its sign-in page, which hold no data. A browser request that changes something must
/// say where it comes from (`Origin`; `BrowserSafetyMiddleware` checks that it is this origin).
///
/// A WebSocket upgrade passes through: the HTTP library can only answer a refused upgrade with
/// an empty 400, so the event stream checks the credential itself after the upgrade and closes
/// with code 4401 and the same message (`ControlAPI`).
struct AuthorizationMiddleware<Context: RequestContext>: RouterMiddleware {
    let authorization: Authorization

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let upgrading = request.headers[.upgrade]?.lowercased() == "websocket"
        if upgrading || !request.uri.path.hasPrefix("/v1/") { return try await next(request, context) }
        guard let credential = authorization.credential(of: request) else {
            return JSONResponse.error("unauthorized", Authorization.refusal, status: .unauthorized)
        }
        let changes = request.method != .get && request.method != .head
        if case .session = credential, changes, request.headers[.origin] == nil {
            return JSONResponse.error(
                "forbidden_origin", "a browser request that changes something must carry its Origin",
                status: .forbidden)
        }
        return try await next(request, context)
    }
}
