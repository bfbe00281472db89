/// Values by counter (1...`AgentCharacters.maxCounter`) for one agent, made as they are written
/// (`CounterChunks`).
struct CounterTable<Value: Sendable>: Sendable {
    private var storage: CounterChunks<Value>

    init(empty: Value) { storage = CounterChunks(empty: empty) }

    subscript(counter: UInt32) -> Value {
        get { counter >= 1 ? storage[Int(counter) - 1] : storage.empty }
        set {
            precondition(
                counter >= 1 && UInt64(counter) <= AgentCharacters.maxCounter, "counter \(counter) out of range")
            storage.set(newValue, at: Int(counter) - 1)
        }
    }
}
