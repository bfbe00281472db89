import HearthAPI
import HearthNode
import Hummingbird

/// `GET /v1/dashboard` (README, "Control API").
extension DashboardApp: APIRoutes {
    public func addRoutes(to v1: RouterGroup<APIRequestContext>, node: Node) {
        let runtime = runtime
        v1.get("dashboard") { _, _ in
            await JSONResponse.handling { JSONResponse.make(await runtime.dashboard(on: node)) }
        }
    }
}
