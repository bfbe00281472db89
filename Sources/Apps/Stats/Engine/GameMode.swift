import HearthStatsModels

/// A game mode as the stats app keeps ratings and leaderboards apart: one per `g_gametype`.
///
/// Quake III's numbers are named; anything else (single player, OpenArena's one-flag CTF,
/// elimination, …) is `.other(n)` and is still rated and ranked on its own.
public enum GameMode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `g_gametype 0`: everyone against everyone.
    case freeForAll
    /// `g_gametype 1`: one against one.
    case tournament
    /// `g_gametype 3`.
    case teamDeathmatch
    /// `g_gametype 4`.
    case captureTheFlag
    /// Any other `g_gametype`, by number.
    case other(Int)

    /// The mode of a `g_gametype` number.
    public init(gameType: Int) {
        switch gameType {
        case 0: self = .freeForAll
        case 1: self = .tournament
        case 3: self = .teamDeathmatch
        case 4: self = .captureTheFlag
        default: self = .other(gameType)
        }
    }

    /// The mode of a match record.
    public init(of match: MatchRecord) {
        self.init(gameType: match.gameType)
    }

    /// The `g_gametype` number.
    public var gameType: Int {
        switch self {
        case .freeForAll: 0
        case .tournament: 1
        case .teamDeathmatch: 3
        case .captureTheFlag: 4
        case .other(let number): number
        }
    }

    /// A short label: `FFA`, `1v1`, `TDM`, `CTF`, `gametype 5`.
    public var description: String {
        switch self {
        case .freeForAll: "FFA"
        case .tournament: "1v1"
        case .teamDeathmatch: "TDM"
        case .captureTheFlag: "CTF"
        case .other(let number): "gametype \(number)"
        }
    }
}
