import Foundation
import HearthNode
import HearthQR
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The control API: HTTP + WebSocket, JSON, loopback only, bearer token or a signed-in
/// browser's session; and the web UI's files. Routes are listed in the README's "Control API"
/// section; each app that conforms to `APIRoutes` adds its own.
public struct ControlAPI {
    public let node: Node
    public let token: String
    let limits: ConnectionGuard.Limits
    /// Where signed-in browsers are remembered (nil: in memory only).
    let sessionsPath: String?
    let webUI: WebUIFiles

    public init(node: Node, token: String) {
        self.init(node: node, token: token, limits: .init())
    }

    init(
        node: Node, token: String, limits: ConnectionGuard.Limits, sessionsPath: String? = nil,
        webUI: WebUIFiles = WebUIFiles()
    ) {
        self.node = node
        self.token = token
        self.limits = limits
        self.sessionsPath = sessionsPath ?? node.configuration.folder.uiSessionsPath
        self.webUI = webUI
    }

    /// The Hummingbird application (a `Service`); `onRunning` receives the bound port.
    public func application(
        host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let routes = RouteTable(router: router)
        let authorization = Authorization(
            token: token, sessions: BrowserSessions(path: sessionsPath, logger: logger),
            cookieName: "hearth-\(node.identity.id.description.prefix(12))")
        router.middlewares.add(BrowserSafetyMiddleware())
        router.middlewares.add(RequestLimitsMiddleware(routes: routes.known))
        router.middlewares.add(WebUIMiddleware(files: webUI))
        router.middlewares.add(AuthorizationMiddleware(authorization: authorization))
        router.middlewares.add(ActivityMiddleware(node: node))
        addRoutes(to: routes, authorization: authorization)
        return Application(
            router: router,
            server: .guardedHTTP1WebSocket(webSocketRouter: router, limits: limits, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "hearth"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    func addRoutes(to router: RouteTable<BasicWebSocketRequestContext>, authorization: Authorization) {
        let node = node
        SignInRoutes.add(to: router, authorization: authorization)
        let v1 = router.group("v1")
        v1.get("status") { _, _ in await JSONResponse.handling { JSONResponse.make(try await node.status()) } }
        v1.get("peers") { _, _ in await JSONResponse.handling { JSONResponse.make(await node.peers()) } }
        v1.get("peers/discovered") { _, _ in
            await JSONResponse.handling { JSONResponse.make(await node.discoveredPeers()) }
        }
        v1.get("presence") { _, _ in await JSONResponse.handling { JSONResponse.make(await node.presence()) } }
        v1.put("presence/me") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(SetPresenceRequest.self, from: request)
                try await node.setPresence(body)
                return JSONResponse.make(await node.presence().first { $0.isSelf })
            }
        }
        v1.post("typing") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(TypingRequest.self, from: request)
                try await node.typing(body)
                return JSONResponse.make(body)
            }
        }
        v1.post("focus") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(FocusSummary.self, from: request)
                try await node.focus(body)
                return JSONResponse.make(FocusSummary(object: body.object, position: body.position))
            }
        }
        v1.get("invite") { _, _ in
            await JSONResponse.handling {
                JSONResponse.make([
                    "network": node.configuration.network.name, "invite": node.configuration.network.invite,
                ])
            }
        }
        v1.get("invite/qr.svg") { _, _ in
            await JSONResponse.handling {
                let network = node.configuration.network
                let code = try QRCode(encoding: network.invite, correction: .medium)
                return Response(
                    status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "no-store"],
                    body: ResponseBody(
                        byteBuffer: ByteBuffer(string: code.svg(title: "Invite to the network \(network.name)"))))
            }
        }
        for app in node.configuration.apps.apps {
            (app as? any APIRoutes)?.addRoutes(to: v1, node: node)
        }
        v1.ws("events") { request, _ in
            // A malformed `since` is refused before the upgrade, with a JSON error.
            _ = try QueryParameter.since(request)
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard authorization.credential(of: context.request) != nil else {
                // A close reason holds at most 123 bytes.
                try await outbound.close(.unknown(4401), reason: "unauthorized: missing or wrong API token or session")
                return
            }
            let (latest, events) = await node.eventsWithLatest(since: try QueryParameter.since(context.request))
            // First, where the stream starts: a client that has seen no event resumes after it.
            try await outbound.write(.text(#"{"hello":{"seq":\#(latest)},"type":"hello"}"#))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events {
                        let data = try event.encoded { try JSONResponse.encoder.encode($0) }
                        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
                        if event.type == "resync" { break }
                    }
                }
                group.addTask {
                    for try await _ in inbound {}  // ends when the client closes
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }
}
