/// A protocol violation by a peer. `code` is sent in `ErrorReport` before the link closes;
/// the codes are listed in `Protocol/errors.md`.
public struct WireError: Error, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let malformedFrame = Code(rawValue: 1)
        public static let messageTooLarge = Code(rawValue: 2)
        public static let undecodableMessage = Code(rawValue: 3)
        public static let unsupportedVersion = Code(rawValue: 4)
        public static let badHello = Code(rawValue: 5)
        public static let invalidChange = Code(rawValue: 6)
        public static let conflictingChange = Code(rawValue: 7)
        public static let duplicateLink = Code(rawValue: 8)
        public static let selfConnection = Code(rawValue: 9)
        public static let keepaliveTimeout = Code(rawValue: 10)
        public static let shuttingDown = Code(rawValue: 11)
        public static let unexpectedMessage = Code(rawValue: 12)

        public var description: String {
            switch self {
            case .malformedFrame: "malformed frame"
            case .messageTooLarge: "message too large"
            case .undecodableMessage: "undecodable message"
            case .unsupportedVersion: "unsupported protocol version"
            case .badHello: "bad hello"
            case .invalidChange: "invalid change"
            case .conflictingChange: "conflicting change"
            case .duplicateLink: "duplicate link"
            case .selfConnection: "connected to itself"
            case .keepaliveTimeout: "keepalive timeout"
            case .shuttingDown: "shutting down"
            case .unexpectedMessage: "unexpected message"
            default: "error \(rawValue)"
            }
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
