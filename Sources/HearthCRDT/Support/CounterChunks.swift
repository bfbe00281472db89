/// Values by index (an op counter minus one, below 2^31) in chunks of 4,096, each made on first
/// write; reading one that was never made gives `empty`. The first 1,024 chunks (counters up to
/// about four million, all an honest writer of one document uses) sit in an array, so a lookup is
/// two array reads; chunks beyond sit in a dictionary, so a forged counter near 2^31 costs one
/// chunk, not a pointer for every chunk below it.
struct CounterChunks<Value: Sendable>: Sendable {
    private static var chunkShift: Int { 12 }
    private static var chunkSize: Int { 1 << chunkShift }
    private static var nearLimit: Int { 1_024 }

    private var near: [[Value]] = []
    private var far: [Int: [Value]] = [:]
    let empty: Value

    init(empty: Value) { self.empty = empty }

    /// The value at `index` (≥ 0).
    subscript(index: Int) -> Value {
        let chunk = index >> Self.chunkShift
        if chunk < near.count {
            guard !near[chunk].isEmpty else { return empty }
            return near[chunk][index & (Self.chunkSize - 1)]
        }
        guard chunk >= Self.nearLimit, let found = far[chunk] else { return empty }
        return found[index & (Self.chunkSize - 1)]
    }

    /// Sets the value at `index` (≥ 0), making its chunk first if needed.
    mutating func set(_ value: Value, at index: Int) {
        let chunk = index >> Self.chunkShift
        let slot = index & (Self.chunkSize - 1)
        if chunk < Self.nearLimit {
            if chunk >= near.count { near.append(contentsOf: repeatElement([], count: chunk + 1 - near.count)) }
            if near[chunk].isEmpty { near[chunk] = Array(repeating: empty, count: Self.chunkSize) }
            near[chunk][slot] = value
        } else {
            if far[chunk] == nil { far[chunk] = Array(repeating: empty, count: Self.chunkSize) }
            far[chunk]![slot] = value
        }
    }
}
