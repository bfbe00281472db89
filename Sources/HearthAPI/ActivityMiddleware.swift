import HTTPTypes
import HearthNode
import Hummingbird

/// Tells the node of its user's activity: every authenticated request but the event stream (a
/// CLI command, a script, a UI acting) ends an automatic idle (`Protocol/presence.md`).
struct ActivityMiddleware<Context: RequestContext>: RouterMiddleware {
    let node: Node

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.uri.path != "/v1/events" { await node.userActivity() }
        return try await next(request, context)
    }
}
