/// The lines that open and close a match: `InitGame`, `Exit` and the scores printed with it.
extension QuakeLogLine {
    /// `InitGame: \key\value…`, the server info string.
    ///
    /// A whole line has `mapname`, `g_gametype`, `sv_maxclients` and `capturelimit` (every Quake 3
    /// game's server info carries them) and, when it is OpenArena's (it has `videoflags`, written
    /// before `capturelimit`), a well-formed `g_timestamp`, OpenArena's last key. Anything less was
    /// cut short, and must not end the match under way.
    static func initGame(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard s.take(UInt8(ascii: " ")), !s.isAtEnd else { return .noise }
        let settings = GameSettings(values: InfoString.dictionary(s, s.remaining))
        let values = settings.values
        guard !settings.mapName.isEmpty, values["g_gametype"] != nil, values["sv_maxclients"] != nil,
            values["capturelimit"] != nil
        else { return .noise }
        if values["videoflags"] != nil || values["g_timestamp"] != nil {
            guard GameTimestamp.date(settings.timestamp) != nil else { return .noise }
        }
        return .initGame(settings)
    }

    /// `Exit: Fraglimit hit.` (every reason the games write ends with a full stop).
    static func exit(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard s.take(UInt8(ascii: " ")) else { return .noise }
        let reason = s.remaining
        guard reason.count > 1, s.bytes[reason.upperBound - 1] == UInt8(ascii: ".") else { return .noise }
        return .exit(reason: s.string(reason))
    }

    /// `score: <score>  ping: <ping>  client: <client> <name>`.
    static func finalScore(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let score = s.field() else { return .noise }
        s.skipSpaces()
        guard s.take("ping:"), let ping = s.field() else { return .noise }
        s.skipSpaces()
        guard s.take("client:"), let client = s.field(), client >= 0, s.take(UInt8(ascii: " ")), !s.isAtEnd else {
            return .noise
        }
        return .finalScore(FinalScore(score: score, ping: ping, client: client, name: s.string(s.remaining)))
    }

    /// `red:<score>  blue:<score>`.
    static func teamScores(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let red = s.integer() else { return .noise }
        s.skipSpaces()
        guard s.take("blue:"), let blue = s.integer(), s.isAtEnd else { return .noise }
        return .teamScores(red: red, blue: blue)
    }
}
