/// An error a user can meet, with a stable code and a message that says what to do next.
public struct NodeError: Error, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable, Codable {
        case invalidArgument = "invalid_argument"
        case notFound = "not_found"
        case tooLarge = "too_large"
        case wrongPassphrase = "wrong_passphrase"
        case dataFolder = "data_folder"
        case storage = "storage"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
