import HTTPTypes
import HearthCrypto
import Hummingbird

/// Refuses (401) every request that does not carry the token, as `Authorization: Bearer TOKEN`
/// or, for browsers' WebSockets which cannot set headers, as `?token=TOKEN`.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let header = request.headers[.authorization].flatMap { value in
            value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : nil
        }
        let presented = header ?? request.uri.queryParameters.get("token")
        guard let presented, constantTimeEqual(Array(presented.utf8), Array(token.utf8)) else {
            return JSONResponse.error(
                "unauthorized",
                "missing or wrong API token: send 'Authorization: Bearer <token from the data folder's api-token file>'",
                status: .unauthorized)
        }
        return try await next(request, context)
    }
}
