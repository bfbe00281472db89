import Foundation
import HTTPTypes
import HearthNode
import Hummingbird
import NIOCore

/// The JSON body of every error answer: `{"error": {"code": "...", "message": "..."}}`.
struct APIErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var message: String
    }
    var error: Detail
}

extension NodeError.Code {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalidArgument, .wrongPassphrase: .badRequest
        case .notFound: .notFound
        case .permissionDenied: .forbidden
        case .tooLarge: .contentTooLarge
        case .dataFolder, .storage: .internalServerError
        case .unavailable: .serviceUnavailable
        }
    }
}

/// JSON answers and errors, for the core's routes and the apps'.
public enum JSONResponse {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as JSON; a value that cannot be encoded is a 500 with a JSON error, never `{}`.
    public static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        guard let data = try? encoder.encode(value) else {
            return error("internal", "the node could not encode its answer", status: .internalServerError)
        }
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static func error(
        _ code: String, _ message: String, status: HTTPResponse.Status, close: Bool = false
    ) -> Response {
        let body = (try? encoder.encode(APIErrorBody(error: .init(code: code, message: message)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json"]
        if close { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Runs a handler, turning thrown errors into JSON error answers.
    public static func handling(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as NodeError {
            return self.error(error.code.rawValue, error.message, status: error.code.httpStatus)
        } catch let error as APIFailure {
            return self.error(error.code, error.message, status: error.status, close: error.close)
        } catch let error as HTTPError {
            return self.error("invalid_argument", error.body ?? error.status.reasonPhrase, status: error.status)
        } catch {
            return self.error(
                "internal", "the node could not answer this request; its log may say more", status: .internalServerError
            )
        }
    }

    /// The largest request body the API reads.
    public static let maxBodyBytes = 1 << 20

    /// Reads and decodes a JSON request body, with messages that speak JSON, not Swift.
    /// - Throws: `APIFailure` 413 (and close) past `maxBodyBytes`, `NodeError.invalidArgument`
    ///   naming the field for a body of the wrong shape.
    public static func decodeBody<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIFailure.bodyTooLarge
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw NodeError(.invalidArgument, BodyShape.describe(error))
        }
    }
}

/// An answer the API gives for a failure of the request itself (not of the node).
public struct APIFailure: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Close the connection after answering (its remaining bytes cannot be trusted).
    public let close: Bool

    public static let bodyTooLarge = APIFailure(
        status: .contentTooLarge, code: "too_large",
        message: "the request body is over \(JSONResponse.maxBodyBytes / 1024) KB", close: true)
}

/// Plain words for why a JSON body did not fit the expected shape.
enum BodyShape {
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, adding key: (any CodingKey)? = nil) -> String {
            (context.codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the request body lacks the field '\(path(context, adding: key))'"
        case .typeMismatch(let type, let context):
            let field = path(context)
            return field.isEmpty
                ? "the request body must be a JSON object" : "the field '\(field)' must be \(jsonName(type))"
        case .valueNotFound(let type, let context):
            let field = path(context)
            return field.isEmpty
                ? "the request body must be a JSON object, not null"
                : "the field '\(field)' must be \(jsonName(type)), not null"
        case .dataCorrupted(let context):
            let field = path(context)
            return field.isEmpty ? "the request body is not valid JSON" : "the field '\(field)' is not valid"
        @unknown default:
            return "the request body is not JSON of the expected shape"
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        case is [String: Any].Type: "an object"
        default: "of another JSON type"
        }
    }
}

/// ISO 8601 with milliseconds, in UTC.
public enum Timestamps {
    /// `2026-12-06T13:47:05.123Z`. Worked out with integer arithmetic (days to a civil date, as in
    /// Howard Hinnant's algorithm): every event and message carries dates, and Foundation's
    /// formatters cost tens of microseconds each.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let ofDay = milliseconds - days * 86_400_000
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(ofDay / 3_600_000, 2)):"
            + "\(pad(ofDay / 60_000 % 60, 2)):\(pad(ofDay / 1000 % 60, 2)).\(pad(ofDay % 1000, 3))Z"
    }
}
