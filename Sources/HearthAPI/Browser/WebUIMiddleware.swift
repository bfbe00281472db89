import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the web UI's files to anyone (they hold no data: the UI reads everything through the
/// API, signed in): `GET /` and `GET /PATH` for each file, with an `ETag` so a reload costs a
/// `304`. Other requests go on to the API.
struct WebUIMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: WebUIFiles

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get || request.method == .head, !request.uri.path.hasPrefix("/v1/"),
            let file = files.file(at: request.uri.path)
        else { return try await next(request, context) }
        var headers: HTTPFields = [
            .contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache",
        ]
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = "\(file.bytes.count)"
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes))
        return Response(status: .ok, headers: headers, body: body)
    }
}
