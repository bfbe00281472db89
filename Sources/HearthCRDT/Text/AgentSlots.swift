/// What a text document knows about one counter of one agent: the character with that id and
/// the run holding it, or nothing yet.
struct Slot: Sendable {
    var scalar: Unicode.Scalar
    var run: RunRef

    static let unknown = Slot(scalar: " ", run: -1)

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

    /// Whether `count` (> 0) counters from `first` all lie in 1...`maxCounter`.
    static func holds(_ first: UInt64, count: Int) -> Bool {
        count > 0 && first >= 1 && first <= maxCounter && UInt64(count) <= maxCounter - first + 1
    }

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
        if count == 1 {  // a typed or backspaced character: no stretch to walk
            self[first].run = run
            return
        }
        forEachStretch(from: first, count: count) { buffer in
            for index in buffer.indices { buffer[index].run = run }
        }
    }

    /// Fills `count` slots from `first` with characters of `run`, their scalars from `scalars`
    /// (none for deleted characters, whose content is not kept).
    mutating func fill<Scalars: IteratorProtocol<Unicode.Scalar>>(
        from first: UInt64, count: Int, run: RunRef, scalars: inout Scalars?
    ) {
        if count == 1 {  // a typed character: no stretch to walk
            self[first] = Slot(scalar: scalars?.next() ?? " ", run: run)
            return
        }
        guard scalars != nil else {
            // Deleted characters: one slot value throughout.
            let slot = Slot(scalar: " ", run: run)
            forEachStretch(from: first, count: count) { buffer in buffer.update(repeating: slot) }
            return
        }
        forEachStretch(from: first, count: count) { buffer in
            for index in buffer.indices { buffer[index] = Slot(scalar: scalars!.next() ?? " ", run: run) }
        }
    }

    /// What an insert of `count` characters from `first` finds: how many lead characters are
    /// here already, and how many unknown ones follow them (up to the next known one).
    func scan(from first: UInt64, count: Int) -> (known: Int, unknown: Int) {
        var known = 0
        var unknown = 0
        var counter = first
        let end = first + UInt64(count)
        while counter < end {
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(end - counter), Self.chunkSize - start)
            if chunk >= chunks.count || chunks[chunk].isEmpty {
                unknown += take
            } else {
                var finished = false
                chunks[chunk].withUnsafeBufferPointer { buffer in
                    for offset in start..<start + take {
                        if buffer[offset].isCharacter {
                            if unknown > 0 {
                                finished = true
                                return
                            }
                            known += 1
                        } else {
                            unknown += 1
                        }
                    }
                }
                if finished { break }
            }
            counter += UInt64(take)
        }
        return (known, unknown)
    }

    /// The first of `count` counters from `first` that holds no character; nil when all do.
    func firstMissing(from first: UInt64, count: Int) -> UInt64? {
        var counter = first
        let end = first + UInt64(count)
        while counter < end {
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(end - counter), Self.chunkSize - start)
            guard chunk < chunks.count, !chunks[chunk].isEmpty else { return counter }
            let missing = chunks[chunk].withUnsafeBufferPointer { buffer in
                (start..<start + take).first { !buffer[$0].isCharacter }
            }
            if let missing { return counter + UInt64(missing - start) }
            counter += UInt64(take)
        }
        return nil
    }

    /// Runs `body` over the slots from `first` to `first + count - 1`, one chunk's stretch at a
    /// time, creating chunks as needed.
    private mutating func forEachStretch(
        from first: UInt64, count: Int, _ body: (inout UnsafeMutableBufferPointer<Slot>) -> Void
    ) {
        precondition(first >= 1 && UInt64(count) <= Self.maxCounter - first + 1, "counters out of range")
        var counter = first
        let end = first + UInt64(count)
        while counter < end {
            let index = Int(counter) - 1
            let chunk = index >> Self.chunkShift
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(end - counter), Self.chunkSize - start)
            if chunk >= chunks.count { chunks.append(contentsOf: repeatElement([], count: chunk + 1 - chunks.count)) }
            if chunks[chunk].isEmpty { chunks[chunk] = Array(repeating: .unknown, count: Self.chunkSize) }
            chunks[chunk].withUnsafeMutableBufferPointer { buffer in
                var stretch = UnsafeMutableBufferPointer(rebasing: buffer[start..<start + take])
                body(&stretch)
            }
            counter += UInt64(take)
        }
    }

    /// The text of `count` characters from `first`.
    func string(from first: UInt64, count: Int) -> String {
        let length = utf8Length(from: first, count: count)
        return String(unsafeUninitializedCapacity: length) { writeUTF8(from: first, count: count, into: $0, at: 0) }
    }

    /// The bytes of the UTF-8 of `count` characters from `first`.
    func utf8Length(from first: UInt64, count: Int) -> Int {
        var length = 0
        forEachStored(from: first, count: count) { slots in
            for slot in slots { length += UTF8.width(slot.scalar) }
        }
        return length
    }

    /// Writes the UTF-8 of `count` characters from `first` into `buffer` from `offset`, which
    /// must have room for it (`utf8Length`); returns the offset after it.
    func writeUTF8(
        from first: UInt64, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int
    ) -> Int {
        var index = offset
        forEachStored(from: first, count: count) { slots in
            for slot in slots {
                let value = slot.scalar.value
                if value < 0x80 {
                    buffer[index] = UInt8(truncatingIfNeeded: value)
                    index += 1
                } else {
                    UTF8.encode(slot.scalar) { byte in
                        buffer[index] = byte
                        index += 1
                    }
                }
            }
        }
        return index
    }

    /// Runs `body` over the slots from `first` to `first + count - 1`, one chunk's stretch at a
    /// time; the chunks must exist (the characters are here).
    private func forEachStored(from first: UInt64, count: Int, _ body: (UnsafeBufferPointer<Slot>) -> Void) {
        var counter = first
        let end = first + UInt64(count)
        while counter < end {
            let index = Int(counter) - 1
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(end - counter), Self.chunkSize - start)
            chunks[index >> Self.chunkShift].withUnsafeBufferPointer { chunk in
                body(UnsafeBufferPointer(rebasing: chunk[start..<start + take]))
            }
            counter += UInt64(take)
        }
    }
}
