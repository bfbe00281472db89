/// An op id inside one list, in 8 bytes: the agent (a replica, numbered locally by the list's
/// positions) and a counter, which like a text character's stays at or below 2^31 − 1.
struct PackedID: Hashable, Sendable {
    var agent: Int32
    var seq: UInt32

    /// No id (an absent origin, an element not deleted).
    static let none = PackedID(agent: -1, seq: 0)

    init(agent: Int32, seq: UInt32) {
        self.agent = agent
        self.seq = seq
    }

    var isNone: Bool { agent < 0 }
    var char: CharID { CharID(agent: agent, seq: UInt64(seq)) }
    /// Nil for `none`.
    var optional: CharID? { isNone ? nil : char }
}
