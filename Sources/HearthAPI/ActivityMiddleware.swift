import HTTPTypes
import HearthNode
import Hummingbird

/// Tells the node of its user's activity: every request that changes something (posting,
/// editing, setting a status, typing) ends an automatic idle. Reads do not, so a dashboard that
/// polls does not keep its user from turning idle.
struct ActivityMiddleware<Context: RequestContext>: RouterMiddleware {
    let node: Node

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.method != .get && request.method != .head { await node.userActivity() }
        return try await next(request, context)
    }
}
