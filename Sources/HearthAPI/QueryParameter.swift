import Foundation
import Hummingbird

/// Reads query parameters strictly: a value that is there but malformed is a 400, never a default.
public enum QueryParameter {
    /// `name` as an integer in `range`, or `fallback` when absent.
    /// - Throws: `HTTPError(.badRequest)` naming the parameter and the range.
    public static func integer(
        _ name: String, in request: Request, range: ClosedRange<Int>, default fallback: Int
    ) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError(
                .badRequest,
                message:
                    "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.prefix(40))'"
            )
        }
        return value
    }

    /// The `since` of the event stream, if given.
    /// - Throws: `HTTPError(.badRequest)` unless it is a whole number.
    static func since(_ request: Request) throws -> UInt64? {
        guard let text = request.uri.queryParameters.get("since") else { return nil }
        guard let value = UInt64(text) else {
            throw HTTPError(
                .badRequest, message: "since must be the seq of an event (a whole number), not '\(text.prefix(40))'")
        }
        return value
    }
}

extension Parameters {
    /// A path parameter with its percent-encoding undone (a browser sends `@` in `/c/@…` as `%40`).
    /// - Throws: `HTTPError` 400 when the route has no such parameter.
    public func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
