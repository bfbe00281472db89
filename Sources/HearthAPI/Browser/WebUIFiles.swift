import Foundation
import HearthCrypto

/// The web UI's files: those embedded in the binary (`WebUIAssets`, made from
/// `Sources/HearthAPI/WebUI` at build time), or, when `HEARTH_UI_DIR` names a folder, that
/// folder's, read on each request (for working on the UI without rebuilding the node).
struct WebUIFiles: Sendable {
    struct File: Sendable {
        var bytes: [UInt8]
        var contentType: String
        /// A strong validator: the same bytes give the same tag.
        var etag: String
    }

    private let embedded: [String: File]
    private let folder: URL?

    init(folder: String? = ProcessInfo.processInfo.environment["HEARTH_UI_DIR"]) {
        self.folder = folder.flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true) }
        var files: [String: File] = [:]
        for (path, encoded) in WebUIAssets.files {
            guard let data = Data(base64Encoded: encoded) else { continue }
            files[path] = Self.file([UInt8](data), path: path)
        }
        embedded = files
    }

    /// The file a request path asks for: `/` is `index.html`; nothing outside the UI's folder.
    func file(at requestPath: String) -> File? {
        var path = requestPath.hasPrefix("/") ? String(requestPath.dropFirst()) : requestPath
        if path.isEmpty { path = "index.html" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else { return nil }
        guard let folder else { return embedded[path] }
        let url = folder.appendingPathComponent(path)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return Self.file([UInt8](data), path: path)
    }

    /// Every embedded file's path (for tests and `scripts/bench ui`).
    var paths: [String] { embedded.keys.sorted() }

    private static func file(_ bytes: [UInt8], path: String) -> File {
        let tag = contentHash(bytes).prefix(12).map { String(format: "%02x", $0) }.joined()
        return File(bytes: bytes, contentType: contentType(of: path), etag: "\"\(tag)\"")
    }

    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json", "webmanifest": "application/json"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
