/// Values by counter (1...`AgentSlots.maxCounter`) for one agent, in chunks of 4,096 grouped in
/// pages of 1,024 chunks, each made on first write.
struct CounterTable<Value: Sendable>: Sendable {
    // A counter's place: page (counter >> 22), chunk in the page (bits 12-21), slot (bits 0-11).
    // Pages and chunks exist only once something is written in them, so a forged counter near
    // 2^31 costs one page of chunk pointers (8 KB) and one chunk, not a pointer per chunk below it.
    private static var chunkShift: Int { 12 }
    private static var chunkSize: Int { 1 << chunkShift }
    private static var pageShift: Int { 10 }
    private static var pageSize: Int { 1 << pageShift }

    private var pages: [[[Value]]] = []
    private let empty: Value

    init(empty: Value) { self.empty = empty }

    subscript(counter: UInt32) -> Value {
        get {
            let index = Int(counter) - 1
            guard index >= 0 else { return empty }
            let chunk = index >> Self.chunkShift
            let page = chunk >> Self.pageShift
            guard page < pages.count else { return empty }
            let inPage = chunk & (Self.pageSize - 1)
            guard inPage < pages[page].count, !pages[page][inPage].isEmpty else { return empty }
            return pages[page][inPage][index & (Self.chunkSize - 1)]
        }
        set {
            precondition(counter >= 1 && UInt64(counter) <= AgentSlots.maxCounter, "counter \(counter) out of range")
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            let page = chunk >> Self.pageShift
            let inPage = chunk & (Self.pageSize - 1)
            if page >= pages.count { pages.append(contentsOf: repeatElement([], count: page + 1 - pages.count)) }
            if inPage >= pages[page].count {
                pages[page].append(contentsOf: repeatElement([], count: inPage + 1 - pages[page].count))
            }
            if pages[page][inPage].isEmpty { pages[page][inPage] = Array(repeating: empty, count: Self.chunkSize) }
            pages[page][inPage][index & (Self.chunkSize - 1)] = newValue
        }
    }
}
