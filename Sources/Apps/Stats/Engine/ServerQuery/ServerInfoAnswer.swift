/// A server's answer to `getinfo`: the short summary a server browser lists (`ServerQuery.info`).
public struct ServerInfoAnswer: ServerInfoFields, Sendable, Equatable {
    public var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// `clients`: players and bots connected (private slots not counted).
    public var clients: Int? { integer("clients") }
    /// `g_humanplayers`: the connected players that are not bots.
    public var humans: Int? { integer("g_humanplayers") }
    /// `protocol`: 68 for Quake III 1.32, 71 for OpenArena 0.8.8.
    public var protocolVersion: Int? { integer("protocol") }
    /// `gamename`: `Quake3Arena` for ioquake3-based games.
    public var gameName: String? { values["gamename"] }
}
