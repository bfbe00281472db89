import HTTPTypes
import HearthCrypto
import Hummingbird

/// Refuses (401) every request that does not carry the token, as `Authorization: Bearer TOKEN`
/// or, for browsers' WebSockets which cannot set headers, as `?token=TOKEN`.
///
/// A WebSocket upgrade passes through: the HTTP library can only answer a refused upgrade with
/// an empty 400, so the event stream checks the token itself after the upgrade and closes with
/// code 4401 and the same message (`ControlAPI`).
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    static var refusal: String {
        "missing or wrong API token: send 'Authorization: Bearer <token from the data folder's api-token file>' (or ?token= on a WebSocket)"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let upgrading = request.headers[.upgrade]?.lowercased() == "websocket"
        guard upgrading || Self.carries(token, request) else {
            return JSONResponse.error("unauthorized", Self.refusal, status: .unauthorized)
        }
        return try await next(request, context)
    }

    /// Whether `request` presents `token`.
    static func carries(_ token: String, _ request: Request) -> Bool {
        let header = request.headers[.authorization].flatMap { value in
            value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : nil
        }
        guard let presented = header ?? request.uri.queryParameters.get("token") else { return false }
        return constantTimeEqual(Array(presented.utf8), Array(token.utf8))
    }
}
