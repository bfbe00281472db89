/// `ClientUserinfoChanged` (the connect, begin and disconnect lines are one number each, read in
/// `QuakeLogLine.swift`).
extension QuakeLogLine {
    /// `ClientUserinfoChanged: <client> n\<name>\t\<team>\model\…\tl\<n>[\id\<guid>]`.
    ///
    /// The line must carry `n`, a numeric `t`, and `tl`: every Quake 3 build writes `tl` as the
    /// last key but OpenArena's `id`, so a line without it was cut short, and its name could be too.
    static func userinfoChanged(_ s: inout ByteScanner) -> QuakeLogEvent {
        guard let client = s.field(), client >= 0, s.take(UInt8(ascii: " ")), !s.isAtEnd else { return .noise }
        var fields = InfoString.dictionary(s, s.remaining)
        guard let name = fields.removeValue(forKey: "n"), let teamText = fields.removeValue(forKey: "t"),
            let team = Int(teamText), fields["tl"] != nil
        else { return .noise }
        return .clientUserinfoChanged(ClientInfo(client: client, name: name, team: team, fields: fields))
    }
}
