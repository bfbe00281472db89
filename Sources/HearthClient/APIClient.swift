import Foundation
import HearthLocations

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Talks to the running node's control API, found through the data folder.
public struct APIClient: Sendable {
    public let baseURL: URL
    public let token: String
    public let folder: DataFolderLocation
    /// The pid `api.json` names.
    public let pid: Int32
    /// How long a request may take before the CLI gives up.
    public static let timeout: TimeInterval = 10

    /// - Throws: `ClientError` saying how to start a node when none runs for the folder.
    public init(folder: DataFolderLocation) throws {
        self.folder = folder
        guard let info = FileManager.default.contents(atPath: folder.apiInfoPath),
            let decoded = try? JSONDecoder().decode(APIInfo.self, from: info), let url = URL(string: decoded.url)
        else {
            throw ClientError.noNode(folder)
        }
        guard let token = FileManager.default.contents(atPath: folder.apiTokenPath) else {
            throw ClientError(
                "cannot read the API token in \(folder.apiTokenPath): run this command as the node's user")
        }
        baseURL = url
        pid = decoded.pid
        self.token = String(decoding: token, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends a request and returns the raw JSON body of a successful answer.
    /// - Throws: `ClientError` with the API's message, or saying the node is not running.
    public func request(_ method: String, _ path: String, query: [URLQueryItem] = [], body: (any Encodable)? = nil)
        async throws
        -> Data
    {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        var request = URLRequest(url: components.url!)
        request.timeoutInterval = Self.timeout
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONEncoder().encode(body)
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw unreachable(error)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            if let failure = try? JSONDecoder().decode(ErrorBody.self, from: data) {
                throw ClientError(failure.error.message)
            }
            throw ClientError("the node answered HTTP \(status)")
        }
        return data
    }

    /// Says why the node did not answer, from what the request ran into.
    public func unreachable(_ error: any Error) -> ClientError {
        let address = baseURL.absoluteString
        if kill(pid, 0) != 0 && errno == ESRCH {
            return ClientError(
                "the node (pid \(pid)) that served \(address) for \(folder.path) is no longer running: it did not stop cleanly. Start it again with 'hearth up --data \(folder.path)'"
            )
        }
        switch (error as? URLError)?.code {
        case .timedOut?:
            return ClientError(
                "the node (pid \(pid)) at \(address) did not answer within \(Int(Self.timeout)) s: it may be stopped (kill -CONT \(pid)) or overloaded. A change you sent may still be made"
            )
        case .cannotConnectToHost?, .networkConnectionLost?:
            return ClientError(
                "the node (pid \(pid)) runs but nothing answers at \(address): is another program on that port? Restart the node with 'hearth up --data \(folder.path)'"
            )
        default:
            return ClientError("cannot reach the node at \(address): \(error.localizedDescription)")
        }
    }

    public func get<T: Decodable>(_ path: String, query: [URLQueryItem] = [], as type: T.Type) async throws -> T {
        try Self.decoder.decode(T.self, from: try await request("GET", path, query: query))
    }

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let fractional = Date.ISO8601FormatStyle.iso8601.year().month().day()
                .time(includingFractionalSeconds: true).timeZone(separator: .omitted)
            guard let date = (try? Date(text, strategy: fractional)) ?? (try? Date(text, strategy: .iso8601)) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "bad date \(text)"))
            }
            return date
        }
        return decoder
    }()

    private struct ErrorBody: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
}

/// A user-facing failure of a command: printed to stderr, exit status 1.
public struct ClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    public static func noNode(_ folder: DataFolderLocation) -> ClientError {
        ClientError(
            "no Hearth node is running for the data folder \(folder.path). Start one with 'scripts/hearth up' (or 'hearth up --data \(folder.path)')."
        )
    }
}
