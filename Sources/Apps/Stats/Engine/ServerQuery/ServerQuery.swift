/// Quake III's out-of-band status queries (ioquake3 `SVC_Status` / `SVC_Info`; OpenArena and other
/// forks answer the same), as pure byte codecs with no socket.
///
/// A query and its answer are one UDP datagram each, starting with four 0xFF bytes:
/// - `getstatus [challenge]\n` → `statusResponse\n\key\value…\n` then one `score ping "name"\n`
///   per player; the server settings (`sv_hostname`, `mapname`, `g_gametype`, …) and, when a
///   challenge was sent, `challenge`.
/// - `getinfo challenge\n` → `infoResponse\n\key\value…` with `hostname`, `mapname`, `gametype`,
///   `clients`, `sv_maxclients`, … and the `challenge` echoed, which ties the answer to its query.
///
/// Decoding refuses what no real server sends (see `Limits`) with a `ServerQueryError`.
public enum ServerQuery {
    /// The bounds on what is read from the network.
    public enum Limits {
        /// A whole answer, prefix included: ioquake3 builds it in one `MAX_MSGLEN` (16384) buffer.
        public static let answerBytes = 16_384
        /// Player lines in a status answer (ioquake3 allows 64 clients; forks raise it).
        public static let players = 128
        /// Keys in an info string.
        public static let infoKeys = 256
        /// One key, one value or one player name (ioquake3's `MAX_INFO_KEY` / `MAX_INFO_VALUE`).
        public static let fieldBytes = 1024
        /// A challenge (ioquake3 ignores a query whose argument is longer).
        public static let challengeBytes = 128
    }

    /// The four bytes every out-of-band packet starts with.
    public static let prefix: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]

    /// The `getstatus` query.
    public static func statusRequest() -> [UInt8] { request("getstatus") }

    /// The `getstatus` query with a challenge, which the server echoes in the answer.
    /// - Throws: `ServerQueryError.Code.invalidChallenge` for a challenge the server would not echo.
    public static func statusRequest(challenge: String) throws(ServerQueryError) -> [UInt8] {
        try validate(challenge)
        return request("getstatus \(challenge)")
    }

    /// The `getinfo` query; the answer echoes `challenge`.
    /// - Throws: `ServerQueryError.Code.invalidChallenge` for a challenge the server would not echo.
    public static func infoRequest(challenge: String) throws(ServerQueryError) -> [UInt8] {
        try validate(challenge)
        return request("getinfo \(challenge)")
    }

    /// A fresh challenge of 12 letters and digits, from `random` (so tests can replay it).
    public static func makeChallenge(using random: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<12).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    /// Reads a `statusResponse`.
    /// - Parameters:
    ///   - bytes: the datagram as received.
    ///   - challenge: the challenge sent with `getstatus`, which the answer must echo; nil when none
    ///     was sent (then any `challenge` in the answer is ignored).
    /// - Throws: `ServerQueryError` when the datagram is over the limits, is not a
    ///   `statusResponse`, has a player line that is not `score ping "name"`, or echoes another
    ///   challenge. A missing final line break is tolerated.
    public static func status(_ bytes: [UInt8], challenge: String? = nil) throws(ServerQueryError)
        -> ServerStatusAnswer
    {
        var reader = try OutOfBandReader(bytes, command: "statusResponse")
        let info = try reader.infoLine()
        let players = try reader.playerLines()
        let answer = ServerStatusAnswer(values: info, players: players)
        if let challenge { try check(answer.challenge, against: challenge) }
        return answer
    }

    /// Reads an `infoResponse`.
    /// - Parameters:
    ///   - bytes: the datagram as received.
    ///   - challenge: the challenge sent with `getinfo`, which the answer must echo.
    /// - Throws: `ServerQueryError` when the datagram is over the limits, is not an
    ///   `infoResponse`, or echoes another challenge (or none).
    public static func info(_ bytes: [UInt8], challenge: String) throws(ServerQueryError) -> ServerInfoAnswer {
        var reader = try OutOfBandReader(bytes, command: "infoResponse")
        let answer = ServerInfoAnswer(values: try reader.infoLine())
        try check(answer.challenge, against: challenge)
        return answer
    }

    /// The challenge an info answer echoes, unchecked (for the fuzz target); nil when it does not read.
    static func echoedChallenge(_ bytes: [UInt8]) -> String? {
        guard var reader = try? OutOfBandReader(bytes, command: "infoResponse") else { return nil }
        return (try? reader.infoLine())?["challenge"]
    }

    private static func request(_ command: String) -> [UInt8] {
        prefix + Array(command.utf8) + [UInt8(ascii: "\n")]
    }

    static func validate(_ challenge: String) throws(ServerQueryError) {
        let bytes = Array(challenge.utf8)
        guard !bytes.isEmpty, bytes.count <= Limits.challengeBytes else {
            throw ServerQueryError(
                .invalidChallenge, "a challenge has 1–\(Limits.challengeBytes) bytes, not \(bytes.count)")
        }
        let allowed = bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
        guard allowed else {
            throw ServerQueryError(
                .invalidChallenge,
                "use only letters, digits, '.', '_' and '-' in a challenge (the server splits on the rest)")
        }
    }

    private static func check(_ echoed: String?, against sent: String) throws(ServerQueryError) {
        guard echoed == sent else {
            let got = echoed.map { "'\($0.prefix(64))'" } ?? "no challenge"
            throw ServerQueryError(
                .challengeMismatch, "the answer echoes \(got), not '\(sent)': drop it (stale or forged)")
        }
    }
}
