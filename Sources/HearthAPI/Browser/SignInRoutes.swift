import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web UI's sign-in (README, "Web UI"): `hearth ui` asks the node, with its bearer token, for
/// a one-time link; the browser that opens it gets a session cookie (HttpOnly, SameSite=Strict)
/// and is sent on to `/`, so the code leaves the address bar at once.
enum SignInRoutes {
    struct Link: Encodable {
        var url: String
        var expiresIn: Int
    }

    static func add(to router: RouteTable<APIRequestContext>, authorization: Authorization) {
        router.post("v1/ui/sign-in") { request, _ in
            guard authorization.credential(of: request) == .token else {
                return JSONResponse.error(
                    "permission_denied", "sign-in links are given to the CLI only (the bearer token): run 'hearth ui'",
                    status: .forbidden)
            }
            let code = authorization.sessions.makeCode()
            let host = request.head.authority ?? "127.0.0.1"
            return JSONResponse.make(
                Link(url: "http://\(host)/ui/sign-in?code=\(code)", expiresIn: Int(BrowserSessions.codeLifetime)),
                status: .created)
        }
        router.post("v1/ui/sign-out") { request, _ in
            if let session = authorization.sessionCookie(of: request) { authorization.sessions.end(session) }
            var response = JSONResponse.make(["signedIn": false])
            response.headers[.setCookie] = authorization.cookie(nil)
            return response
        }
        router.get("ui/sign-in") { request, _ in
            guard let code = request.uri.queryParameters.get("code"),
                let session = authorization.sessions.redeem(code)
            else { return refusal() }
            return Response(
                status: .seeOther,
                headers: [.location: "/", .setCookie: authorization.cookie(session), .cacheControl: "no-store"])
        }
    }

    /// A page, not JSON: a person reads it in their browser.
    private static func refusal() -> Response {
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Hearth: sign-in link not valid</title></head>
            <body><main><h1>This sign-in link is not valid</h1>
            <p>A link from <code>hearth ui</code> works once, within a minute. Run <code>hearth ui</code> again
            (or <code>hearth ui --url</code> to print a new link).</p></main></body></html>

            """
        return Response(
            status: .forbidden, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }
}
