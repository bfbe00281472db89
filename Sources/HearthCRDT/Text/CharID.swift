/// A character id inside a text document: an agent (a replica, numbered locally) and the
/// agent's counter for that character.
struct CharID: Hashable, Sendable {
    var agent: Int32
    var seq: UInt64
}
