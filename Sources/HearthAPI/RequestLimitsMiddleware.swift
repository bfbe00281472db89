import HTTPTypes
import Hummingbird

/// Refuses a body declared over the limit before reading it (413, then close), answers a known
/// path asked with a method it does not take with a JSON 405 and `Allow`, and an unknown route
/// with a JSON 404 that names it.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: KnownMethods<Context>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > JSONResponse.maxBodyBytes {
            let failure = APIFailure.bodyTooLarge
            return JSONResponse.error(failure.code, failure.message, status: failure.status, close: true)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            if let allowed = await routes.allowedMethods(for: request, context: context) {
                var response = JSONResponse.error(
                    "method_not_allowed",
                    "\(request.uri.path) takes \(allowed.joined(separator: " or ")), not \(request.method)",
                    status: .methodNotAllowed)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return Self.noRoute(request)
        }
    }

    static func noRoute(_ request: Request) -> Response {
        JSONResponse.error(
            "not_found",
            "there is no \(request.method) \(request.uri.path) in the control API (README, \"Control API\")",
            status: .notFound)
    }
}
