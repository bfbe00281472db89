import HearthCrypto

/// What a node says of itself (`PresenceRecord.status`).
public enum PresenceStatus: String, Sendable, Equatable, CaseIterable {
    case online, idle, away, dnd
    /// The node said goodbye: offline at once, whatever its links say.
    case leaving
}

/// The game a node is in ("in game"): set by the user or from a game server's player list.
public struct InGame: Sendable, Equatable {
    /// The most UTF-8 bytes of each field.
    public static let gameBytes = 32
    public static let mapBytes = 64
    public static let serverBytes = 64

    public var game: String
    public var map: String
    public var server: String

    public init(game: String, map: String = "", server: String = "") {
        self.game = game
        self.map = map
        self.server = server
    }
}

/// The first 8 bytes of a node id, as a presence record names its neighbours (big-endian).
public struct NodePrefix: Hashable, Sendable, Comparable {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(_ id: NodeID) {
        rawValue = id.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    public static func < (lhs: NodePrefix, rhs: NodePrefix) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One node's signed statement of presence: its status and the peers it currently hears on live
/// links. A newer record (higher `counter`) replaces an older one everywhere.
public struct PresenceRecord: Sendable, Equatable {
    public var node: NodeID
    /// Strictly increasing per node, across restarts (it starts from the wall clock).
    public var counter: UInt64
    public var status: PresenceStatus
    /// At most `PresenceLimits.textCharacters` characters.
    public var text: String
    public var game: InGame?
    /// The peers on the node's live links when it signed, sorted.
    public var neighbours: [NodePrefix]
    /// The node's display name, at most `PresenceLimits.nameBytes` bytes of UTF-8.
    public var name: String

    public init(
        node: NodeID, counter: UInt64, status: PresenceStatus, text: String = "", game: InGame? = nil,
        neighbours: [NodePrefix] = [], name: String = ""
    ) {
        self.node = node
        self.name = name
        self.counter = counter
        self.status = status
        self.text = text
        self.game = game
        self.neighbours = neighbours
    }
}

/// A record with the bytes its node signed and the signature, forwarded unchanged.
public struct SealedPresence: Sendable, Equatable {
    public var record: PresenceRecord
    /// The encoded record, as signed.
    public var body: [UInt8]
    public var signature: [UInt8]

    public init(record: PresenceRecord, body: [UInt8], signature: [UInt8]) {
        self.record = record
        self.body = body
        self.signature = signature
    }
}

/// Encodes and signs this node's records and checks others' signatures; the machine stays
/// free of wire formats and keys.
public protocol PresenceSealer: Sendable {
    func seal(_ record: PresenceRecord) -> SealedPresence
    /// Whether `sealed.signature` is its node's signature of `sealed.body`.
    func isAuthentic(_ sealed: SealedPresence) -> Bool
    func seal(_ signal: LiveSignal) -> SealedSignal
    func isAuthentic(_ sealed: SealedSignal) -> Bool
}

/// What a received record may hold.
public enum PresenceLimits {
    public static let bodyBytes = 1024
    public static let textCharacters = 100
    /// The status text in UTF-8 bytes, so that every record fits `bodyBytes`.
    public static let textBytes = 400
    public static let nameBytes = 64
    public static let neighbours = 64
    /// Most records a node keeps (the rest of a larger network is not shown).
    public static let records = 4096
    /// Most records in one message (a digest's answer goes out in several).
    public static let recordsPerMessage = 64
    /// Most entries in a digest: every record held, and the sender's own.
    public static let digestEntries = records + 1
}
