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

    init(_ char: CharID) { self.init(agent: char.agent, seq: UInt32(char.seq)) }

    var isNone: Bool { agent < 0 }
    var char: CharID { CharID(agent: agent, seq: UInt64(seq)) }
    /// Nil for `none`.
    var optional: CharID? { isNone ? nil : char }
}

/// Values by counter (1...`AgentSlots.maxCounter`) for one agent, in chunks of 4,096 that exist
/// only once something is written in them: a sparse or forged counter costs a pointer per chunk.
struct CounterTable<Value: Sendable>: Sendable {
    private static var chunkShift: Int { 12 }
    private static var chunkSize: Int { 1 << chunkShift }

    private var chunks: [[Value]] = []
    private let empty: Value

    init(empty: Value) { self.empty = empty }

    subscript(counter: UInt32) -> Value {
        get {
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            guard index >= 0, chunk < chunks.count, !chunks[chunk].isEmpty else { return empty }
            return chunks[chunk][index & (Self.chunkSize - 1)]
        }
        set {
            precondition(counter >= 1 && UInt64(counter) <= AgentSlots.maxCounter, "counter \(counter) out of range")
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            if chunk >= chunks.count { chunks.append(contentsOf: repeatElement([], count: chunk + 1 - chunks.count)) }
            if chunks[chunk].isEmpty { chunks[chunk] = Array(repeating: empty, count: Self.chunkSize) }
            chunks[chunk][index & (Self.chunkSize - 1)] = newValue
        }
    }
}
