/// An answer (or a request) the Quake III status codec refuses, with what to do about it.
///
/// Answers come from the network, so every way they can be wrong is one of these, never a trap.
public struct ServerQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// More than `ServerQuery.Limits.answerBytes`.
        public static let tooLarge = Code(rawValue: 1)
        /// Not four 0xFF bytes first: not an out-of-band packet.
        public static let badPrefix = Code(rawValue: 2)
        /// An out-of-band packet, but not the answer that was asked for.
        public static let unexpectedAnswer = Code(rawValue: 3)
        /// More than `ServerQuery.Limits.players` player lines.
        public static let tooManyPlayers = Code(rawValue: 4)
        /// More than `ServerQuery.Limits.infoKeys` keys.
        public static let tooManyKeys = Code(rawValue: 5)
        /// A key, value or player name over `ServerQuery.Limits.fieldBytes`.
        public static let fieldTooLong = Code(rawValue: 6)
        /// A player line that is not `score ping "name"`.
        public static let badPlayerLine = Code(rawValue: 7)
        /// The answer's `challenge` is not the one sent: a stale or forged answer.
        public static let challengeMismatch = Code(rawValue: 8)
        /// A challenge the server would not echo (1–128 bytes of letters, digits, `.`, `_`, `-`).
        public static let invalidChallenge = Code(rawValue: 9)
        /// A value the wire cannot carry (a backslash or line break in a key or value, a line break
        /// or a number too long in a player line).
        public static let unencodable = Code(rawValue: 10)

        public var description: String {
            switch self {
            case .tooLarge: "answer too large"
            case .badPrefix: "not an out-of-band packet"
            case .unexpectedAnswer: "unexpected answer"
            case .tooManyPlayers: "too many players"
            case .tooManyKeys: "too many info keys"
            case .fieldTooLong: "field too long"
            case .badPlayerLine: "bad player line"
            case .challengeMismatch: "challenge mismatch"
            case .invalidChallenge: "invalid challenge"
            case .unencodable: "unencodable value"
            default: "error \(rawValue)"
            }
        }
    }

    public let code: Code
    /// What was wrong and what to do next.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
