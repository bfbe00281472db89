import Foundation
import HTTPTypes
import HearthNode
import Hummingbird

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
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static func error(_ code: String, _ message: String, status: HTTPResponse.Status) -> Response {
        make(APIErrorBody(error: .init(code: code, message: message)), status: status)
    }

    /// Runs a handler, turning thrown errors into JSON error answers.
    public static func handling(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as NodeError {
            return self.error(error.code.rawValue, error.message, status: error.code.httpStatus)
        } catch let error as DecodingError {
            return self.error(
                "invalid_argument", "the request body is not valid JSON of the expected shape (\(error))",
                status: .badRequest)
        } catch let error as HTTPError {
            return self.error("invalid_argument", error.body ?? "\(error.status)", status: error.status)
        } catch {
            return self.error("internal", "\(error)", status: .internalServerError)
        }
    }
}

/// ISO 8601 with milliseconds, in UTC.
public enum Timestamps {
    public static func format(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
