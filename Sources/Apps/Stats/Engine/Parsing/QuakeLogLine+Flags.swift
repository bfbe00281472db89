/// Capture-the-flag lines (OpenArena `g_team.c`).
extension QuakeLogLine {
    /// `CTF: <client> <team> <action>: <text>!` and `1FCTF: …`; the action is 0 taken, 1 captured,
    /// 2 returned, 3 carrier fragged. Every such text ends with "!", so one without was cut short.
    static func flag(_ s: inout ByteScanner, oneFlag: Bool) -> QuakeLogEvent {
        guard let client = s.field(), let team = s.field(), let code = s.field(),
            let action = FlagEvent.Action(rawValue: code), s.take(": ")
        else { return .noise }
        let text = s.remaining
        guard text.count > 1, s.bytes[text.upperBound - 1] == UInt8(ascii: "!") else { return .noise }
        return .flag(FlagEvent(client: client, team: team, action: action, oneFlag: oneFlag))
    }
}
