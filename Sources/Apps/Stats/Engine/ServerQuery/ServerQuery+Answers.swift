/// The server's side: answers as a game server writes them, for fake servers in tests and for
/// checking that a decoded answer reads back the same.
extension ServerQuery {
    /// `statusResponse\n\key\value…\n` then `score ping "name"\n` per player; keys sorted.
    /// - Throws: `ServerQueryError.Code.unencodable` for a backslash or line break in a key or
    ///   value, a line break in a name or a score or ping of more than nine digits;
    ///   `.fieldTooLong`, `.tooManyKeys`, `.tooManyPlayers` or `.tooLarge` beyond `Limits`.
    public static func statusAnswer(_ answer: ServerStatusAnswer) throws(ServerQueryError) -> [UInt8] {
        guard answer.players.count <= Limits.players else {
            throw ServerQueryError(.tooManyPlayers, "at most \(Limits.players) players fit an answer")
        }
        var bytes = prefix + Array("statusResponse\n".utf8)
        try appendInfo(answer.values, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        for player in answer.players {
            let name = Array(player.name.utf8)
            guard !name.contains(UInt8(ascii: "\n")), abs(player.score) <= 999_999_999,
                abs(player.ping) <= 999_999_999
            else {
                throw ServerQueryError(
                    .unencodable, "a player line cannot hold a line break or a number of more than nine digits")
            }
            try checkLength(name)
            bytes += Array("\(player.score) \(player.ping) \"".utf8) + name + Array("\"\n".utf8)
        }
        return try checkSize(bytes)
    }

    /// `infoResponse\n\key\value…`; keys sorted.
    /// - Throws: as `statusAnswer`, for the info string.
    public static func infoAnswer(_ answer: ServerInfoAnswer) throws(ServerQueryError) -> [UInt8] {
        var bytes = prefix + Array("infoResponse\n".utf8)
        try appendInfo(answer.values, to: &bytes)
        return try checkSize(bytes)
    }

    private static func appendInfo(_ values: [String: String], to bytes: inout [UInt8]) throws(ServerQueryError) {
        guard values.count <= Limits.infoKeys else {
            throw ServerQueryError(.tooManyKeys, "at most \(Limits.infoKeys) keys fit an info string")
        }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let key = Array(key.utf8)
            let value = Array(value.utf8)
            guard !key.isEmpty else { throw ServerQueryError(.unencodable, "an info key cannot be empty") }
            for field in [key, value] {
                guard !field.contains(UInt8(ascii: "\\")), !field.contains(UInt8(ascii: "\n")) else {
                    throw ServerQueryError(.unencodable, "an info key or value cannot hold a backslash or a line break")
                }
                try checkLength(field)
            }
            bytes.append(UInt8(ascii: "\\"))
            bytes += key
            bytes.append(UInt8(ascii: "\\"))
            bytes += value
        }
    }

    private static func checkLength(_ field: [UInt8]) throws(ServerQueryError) {
        guard field.count <= Limits.fieldBytes else {
            throw ServerQueryError(.fieldTooLong, "a key, value or name has at most \(Limits.fieldBytes) bytes")
        }
    }

    private static func checkSize(_ bytes: [UInt8]) throws(ServerQueryError) -> [UInt8] {
        guard bytes.count <= Limits.answerBytes else {
            throw ServerQueryError(.tooLarge, "an answer has at most \(Limits.answerBytes) bytes, not \(bytes.count)")
        }
        return bytes
    }
}
