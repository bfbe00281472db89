import Foundation
import HearthTestSupport
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

@testable import HearthAPI
@testable import HearthNode

#if canImport(Glibc)
    import Glibc
#endif

/// The browser's way in (README, "Web UI"): one-time sign-in links, session cookies, and the
/// checks that keep pages of other sites (and DNS-rebinding names) out.
@Suite struct BrowserAccessTests {
    let token = "test-token-0123456789"

    /// A live API whose web UI is a folder holding `index.html` and `app.js`.
    func withAPI(
        _ body: @Sendable (RawHTTP, any TestClientProtocol) async throws -> Void
    ) async throws {
        let test = try TestNode()
        let ui = try TemporaryFolder("hearth-ui")
        try Data("<!doctype html><title>Hearth</title>".utf8).write(to: ui.url.appendingPathComponent("index.html"))
        try Data("export const ready = true;\n".utf8).write(to: ui.url.appendingPathComponent("app.js"))
        let app = ControlAPI(node: test.node, token: token, limits: .init(), webUI: WebUIFiles(folder: ui.path))
            .application(host: "127.0.0.1", port: 0, logger: Logger(label: "api") { _ in SwiftLogNoOpLogHandler() })
        try await app.test(.live) { client in
            try await body(RawHTTP(port: try #require(client.port)), client)
        }
        withExtendedLifetime((test, ui)) {}
    }

    var auth: String { "Authorization: Bearer \(token)\r\n" }

    /// One request on a connection of its own, answered as soon as the whole answer is in.
    func ask(_ raw: RawHTTP, _ text: String) async throws -> RawHTTP.Answer {
        let fd = try raw.connect()
        defer { Glibc.close(fd) }
        return try await raw.exchange(on: fd, Array(text.utf8))
    }

    /// Asks for a sign-in link with the token, as `hearth ui` does; returns its path and query.
    func signInPath(_ raw: RawHTTP) async throws -> String {
        let answer = try await ask(
            raw,
            "POST /v1/ui/sign-in HTTP/1.1\r\nHost: 127.0.0.1:\(raw.port)\r\n\(auth)Content-Length: 0\r\n\r\n")
        #expect(answer.status == 201, "\(answer.text)")
        struct Link: Decodable { var url: String }
        let link = try JSONDecoder().decode(Link.self, from: Data(answer.body.utf8))
        #expect(link.url.hasPrefix("http://127.0.0.1:\(raw.port)/ui/sign-in?code="))
        return String(link.url.dropFirst("http://127.0.0.1:\(raw.port)".count))
    }

    /// Opens a sign-in link as a browser; returns the session cookie (`name=value`) it got.
    func signIn(_ raw: RawHTTP) async throws -> String {
        let answer = try await ask(
            raw, "GET \(try await signInPath(raw)) HTTP/1.1\r\nHost: 127.0.0.1:\(raw.port)\r\n\r\n")
        #expect(answer.status == 303)
        #expect(answer.text.contains("\r\nLocation: /\r\n"), "the code leaves the address bar")
        let setCookie = try #require(
            answer.text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") })
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        return String(setCookie.dropFirst("Set-Cookie: ".count).split(separator: ";")[0])
    }

    @Test func aSignInLinkWorksOnceAndGivesASessionCookie() async throws {
        try await withAPI { raw, _ in
            let host = "Host: 127.0.0.1:\(raw.port)\r\n"
            let path = try await signInPath(raw)
            let first = try await ask(raw, "GET \(path) HTTP/1.1\r\n\(host)\r\n")
            #expect(first.status == 303)
            let again = try await ask(raw, "GET \(path) HTTP/1.1\r\n\(host)\r\n")
            #expect(again.status == 403 && again.body.contains("hearth ui"), "a second use is refused")
            let wrong = try await ask(raw, "GET /ui/sign-in?code=AAAAAAAAAAAA HTTP/1.1\r\n\(host)\r\n")
            #expect(wrong.status == 403)

            let cookie = try await signIn(raw)
            let status = try await ask(raw, "GET /v1/status HTTP/1.1\r\n\(host)Cookie: \(cookie)\r\n\r\n")
            #expect(status.status == 200)
            let forged = try await ask(raw, "GET /v1/status HTTP/1.1\r\n\(host)Cookie: \(cookie)x\r\n\r\n")
            #expect(forged.status == 401)
            // A browser session cannot mint links for other browsers.
            let mint = try await ask(
                raw,
                "POST /v1/ui/sign-in HTTP/1.1\r\n\(host)Origin: http://127.0.0.1:\(raw.port)\r\nCookie: \(cookie)\r\nContent-Length: 0\r\n\r\n"
            )
            #expect(mint.status == 403)
            let out = try await ask(
                raw,
                "POST /v1/ui/sign-out HTTP/1.1\r\n\(host)Origin: http://127.0.0.1:\(raw.port)\r\nCookie: \(cookie)\r\nContent-Length: 0\r\n\r\n"
            )
            #expect(out.status == 200 && out.text.contains("Max-Age=0"))
            let after = try await ask(raw, "GET /v1/status HTTP/1.1\r\n\(host)Cookie: \(cookie)\r\n\r\n")
            #expect(after.status == 401, "signed out")
        }
    }

    @Test func pagesOfOtherSitesAndRebindingNamesAreRefused() async throws {
        try await withAPI { raw, _ in
            let host = "Host: 127.0.0.1:\(raw.port)\r\n"
            let cookie = try await signIn(raw)
            let body = #"{"name":"general"}"#
            func create(_ headers: String) async throws -> Int? {
                try await ask(
                    raw,
                    "POST /v1/chat/channels HTTP/1.1\r\n\(headers)Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                ).status
            }
            #expect(try await create(host + "Origin: http://evil.example\r\nCookie: \(cookie)\r\n") == 403)
            #expect(try await create(host + "Origin: http://127.0.0.1:1\r\nCookie: \(cookie)\r\n") == 403)
            #expect(try await create(host + "Origin: http://evil.example\r\n" + auth) == 403)
            #expect(try await create(host + "Cookie: \(cookie)\r\n") == 403, "a browser's change names its origin")
            #expect(try await create("Host: evil.example:\(raw.port)\r\n" + auth) == 403, "DNS rebinding")
            #expect(try await create(host + "Origin: http://127.0.0.1:\(raw.port)\r\nCookie: \(cookie)\r\n") == 201)
            #expect(try await create("Host: localhost:\(raw.port)\r\n" + auth) == 200, "the CLI sends no Origin")

            let rebound = try await ask(raw, "GET /v1/status HTTP/1.1\r\nHost: evil.example\r\n\(auth)\r\n")
            #expect(rebound.status == 403 && !rebound.text.contains(token), "no answer leaks the token")
            let queried = try await ask(raw, "GET /v1/status?token=\(token) HTTP/1.1\r\n\(host)\r\n")
            #expect(queried.status == 401, "the token is never taken from a URL")
            #expect(!queried.text.contains(token))
        }
    }

    @Test func theUIsFilesAreServedWithAStrictPolicy() async throws {
        try await withAPI { raw, _ in
            let host = "Host: 127.0.0.1:\(raw.port)\r\n"
            let page = try await ask(raw, "GET / HTTP/1.1\r\n\(host)\r\n")
            #expect(page.status == 200 && page.text.contains("text/html") && page.body.contains("<title>Hearth"))
            let policy = try #require(
                page.text.components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Security-Policy:") })
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(policy.contains("frame-ancestors 'none'"))
            let script = try await ask(raw, "GET /app.js HTTP/1.1\r\n\(host)\r\n")
            #expect(script.status == 200 && script.text.contains("text/javascript"))
            let etag = try #require(script.text.components(separatedBy: "\r\n").first { $0.hasPrefix("ETag:") })
            let cached = try await ask(
                raw, "GET /app.js HTTP/1.1\r\n\(host)If-None-Match: \(etag.dropFirst(6))\r\n\r\n")
            #expect(cached.status == 304)
            for outside in ["/../Package.swift", "/.hidden", "/%2e%2e/x"] {
                let answer = try await ask(raw, "GET \(outside) HTTP/1.1\r\n\(host)\r\n")
                #expect(answer.status == 404 || answer.status == 400, "\(outside): \(answer.status ?? 0)")
            }
            let error = try await ask(raw, "GET /v1/status HTTP/1.1\r\n\(host)\r\n")
            #expect(error.status == 401 && error.text.contains("Content-Security-Policy:"))
        }
    }

    @Test func theEventStreamTakesTheCookieAndRefusesForeignPages() async throws {
        try await withAPI { raw, _ in
            let cookie = try await signIn(raw)
            let upgrade =
                "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:\(raw.port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            let foreign = try await ask(raw, upgrade + "Origin: http://evil.example\r\nCookie: \(cookie)\r\n\r\n")
            #expect(foreign.status == 400, "refused before the upgrade (the library answers a refusal with 400)")
            let url = "ws://127.0.0.1:\(raw.port)/v1/events"
            let opened = try await WebSocketClient.connect(
                url: url,
                configuration: .init(additionalHeaders: [.cookie: cookie]),
                logger: Logger(label: "ws") { _ in SwiftLogNoOpLogHandler() }
            ) { inbound, outbound, _ in
                // The first frame says where the stream starts, for a client that saw no event yet.
                var frames = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                if case .text(let hello)? = try await frames.next() {
                    #expect(hello.hasPrefix(#"{"hello":{"seq":"#) && hello.hasSuffix(#""type":"hello"}"#), "\(hello)")
                } else {
                    Issue.record("no hello frame")
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(opened?.closeCode == .normalClosure, "the node kept the socket open for the cookie")
            let refused = try await WebSocketClient.connect(
                url: url, logger: Logger(label: "ws") { _ in SwiftLogNoOpLogHandler() }
            ) { inbound, _, _ in
                for try await _ in inbound {}
            }
            #expect(refused?.closeCode == .unknown(4401))
        }
    }

    @Test func sessionsOutliveARestartAndCodesAndSessionsExpire() throws {
        let folder = try TemporaryFolder("hearth-sessions")
        let path = folder.path + "/ui-sessions"
        let clock = TestNode.ManualClock(start: 1_000_000)
        let now: @Sendable () -> Date = { Date(timeIntervalSince1970: clock.now) }
        let logger = Logger(label: "sessions") { _ in SwiftLogNoOpLogHandler() }
        let first = BrowserSessions(path: path, logger: logger, now: now)
        let late = first.makeCode()
        clock.advance(by: BrowserSessions.codeLifetime + 1)
        #expect(first.redeem(late) == nil, "a code lasts a minute")
        let session = try #require(first.redeem(first.makeCode()))
        let stored = try #require(FileManager.default.contents(atPath: path))
        #expect(String(decoding: stored, as: UTF8.self).range(of: session) == nil, "only hashes are written")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let restarted = BrowserSessions(path: path, logger: logger, now: now)
        #expect(restarted.isValid(session))
        clock.advance(by: BrowserSessions.sessionLifetime - 10)
        #expect(restarted.isValid(session), "used within its lifetime, it lasts another")
        clock.advance(by: BrowserSessions.sessionLifetime + 1)
        #expect(!restarted.isValid(session))
        #expect(!BrowserSessions(path: path, logger: logger, now: now).isValid(session))
    }
}
