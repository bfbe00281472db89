/// What a text document knows about one counter of one agent: the character with that id and
/// the run holding it, or that the counter is a delete op already applied, or nothing yet.
struct Slot: Sendable {
    var scalar: Unicode.Scalar
    var run: RunRef

    static let unknown = Slot(scalar: " ", run: -1)
    static let appliedDelete = Slot(scalar: " ", run: -2)

    var isCharacter: Bool { run >= 0 }
}

/// An agent's slots by counter, in chunks of 4,096 that exist only once something lands in
/// them, so a sparse or forged counter costs a pointer per chunk, not a slot per counter.
/// Counters run from 1 to `maxCounter`.
struct AgentSlots: Sendable {
    static let maxCounter: UInt64 = UInt64(Int32.max)
    private static let chunkShift = 12
    private static let chunkSize = 1 << chunkShift

    private var chunks: [[Slot]] = []

    subscript(counter: UInt64) -> Slot {
        get {
            guard counter >= 1, counter <= Self.maxCounter else { return .unknown }
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            guard index >= 0, chunk < chunks.count, !chunks[chunk].isEmpty else { return .unknown }
            return chunks[chunk][index & (Self.chunkSize - 1)]
        }
        set {
            precondition(counter >= 1 && counter <= Self.maxCounter, "counter \(counter) out of range")
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            if chunk >= chunks.count { chunks.append(contentsOf: repeatElement([], count: chunk + 1 - chunks.count)) }
            if chunks[chunk].isEmpty { chunks[chunk] = Array(repeating: .unknown, count: Self.chunkSize) }
            chunks[chunk][index & (Self.chunkSize - 1)] = newValue
        }
    }

    /// Points `count` slots from `first` at `run`.
    mutating func setRun(_ run: RunRef, from first: UInt64, count: Int) {
        for counter in first..<first + UInt64(count) { self[counter].run = run }
    }

    /// Appends the UTF-8 of `count` characters from `first` to `bytes`.
    func appendUTF8(from first: UInt64, count: Int, to bytes: inout [UInt8]) {
        var counter = first
        let end = first + UInt64(count)
        while counter < end {
            let index = Int(counter) - 1
            let chunk = chunks[index >> Self.chunkShift]
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(end - counter), Self.chunkSize - start)
            for offset in start..<start + take {
                let scalar = chunk[offset].scalar
                if scalar.isASCII {
                    bytes.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
            }
            counter += UInt64(take)
        }
    }
}
