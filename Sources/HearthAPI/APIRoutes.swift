import HearthNode
import Hummingbird
import HummingbirdWebSocket

/// The request context of every control API route.
public typealias APIRequestContext = BasicWebSocketRequestContext

/// An app's part of the control API: routes under `/v1/`, added next to the core's. The node's
/// apps that conform are served (`ControlAPI.init`).
public protocol APIRoutes: Sendable {
    /// Adds the app's routes to `v1`; handlers answer through `JSONResponse`.
    func addRoutes(to v1: RouterGroup<APIRequestContext>, node: Node)
}
