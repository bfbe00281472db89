/// A server's answer to `getstatus`: its settings and who is playing (`ServerQuery.status`).
public struct ServerStatusAnswer: ServerInfoFields, Sendable, Equatable {
    public var values: [String: String]
    /// In the order the server listed them (its client slots).
    public var players: [ServerPlayer]

    public init(values: [String: String], players: [ServerPlayer]) {
        self.values = values
        self.players = players
    }
}

/// One line of a status answer.
public struct ServerPlayer: Sendable, Equatable, Hashable {
    /// Colour codes kept (`^1Sarge`); `PlayerName.plain` removes them.
    public var name: String
    public var score: Int
    /// Milliseconds; bots have 0 (and so may a player on the server's own machine).
    public var ping: Int

    public init(name: String, score: Int, ping: Int) {
        self.name = name
        self.score = score
        self.ping = ping
    }
}
