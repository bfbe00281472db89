/// The settings a Quake III server reports in an info string, typed; the raw keys stay in `values`.
///
/// Status answers name them after the cvars (`sv_hostname`, `g_gametype`); info answers use
/// short names (`hostname`, `gametype`): each field reads both.
public protocol ServerInfoFields {
    /// Every key the server sent, with its value (colour codes kept).
    var values: [String: String] { get }
}

extension ServerInfoFields {
    /// `sv_hostname` (status) or `hostname` (info), colour codes kept; "" when absent.
    public var hostname: String { values["sv_hostname"] ?? values["hostname"] ?? "" }
    /// `mapname`; "" when absent.
    public var map: String { values["mapname"] ?? "" }
    /// `g_gametype` or `gametype`: 0 free for all, 1 tournament, 3 team deathmatch, 4 capture the flag, …
    public var gameType: Int? { integer("g_gametype") ?? integer("gametype") }
    /// `sv_maxclients`.
    public var maxClients: Int? { integer("sv_maxclients") }
    /// `fraglimit` (0: none).
    public var fraglimit: Int? { integer("fraglimit") }
    /// `timelimit` in minutes (0: none).
    public var timelimit: Int? { integer("timelimit") }
    /// `capturelimit` (0: none).
    public var capturelimit: Int? { integer("capturelimit") }
    /// `g_timestamp` (OpenArena): the server's wall clock when the map started, `2026-11-22 07:06:04`.
    public var gameTimestamp: String? { values["g_timestamp"] }
    /// `version`: the engine's build string.
    public var version: String? { values["version"] }
    /// `challenge`: what the server echoed from the query.
    public var challenge: String? { values["challenge"] }

    /// The value of `key` read as a decimal integer (nil when absent or not one).
    public func integer(_ key: String) -> Int? {
        guard let value = values[key], value.utf8.count <= 18 else { return nil }
        return Int(value)
    }
}
