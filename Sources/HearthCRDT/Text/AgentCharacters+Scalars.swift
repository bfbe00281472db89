/// The scalars of an agent's visible characters: stored as they are placed, read as text.
extension AgentCharacters {
    /// Stores the next `count` scalars of `scalars` (a missing one is a space) from `first`;
    /// nothing when `scalars` is nil.
    mutating func storeScalars<Scalars: IteratorProtocol<Unicode.Scalar>>(
        from first: UInt64, count: Int, scalars: inout Scalars?
    ) {
        guard var iterator = scalars else { return }
        defer { scalars = iterator }
        var counter = first
        let last = first + UInt64(count)
        while counter < last {
            let index = Int(counter) - 1
            let number = makeChunk(index >> Self.chunkShift)
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(last - counter), Self.chunkSize - start)
            if scalarChunks[number].isEmpty { scalarChunks[number] = Self.unwrittenChunk(of: Unicode.Scalar.self) }
            if take == 1 {  // a typed character: no stretch to walk
                let scalar = iterator.next() ?? " "
                scalarChunks[number][start] = scalar
                extraUTF8Bytes += Self.extraUTF8Bytes(of: scalar.value)
                counter += 1
                continue
            }
            var extra = 0
            scalarChunks[number].withUnsafeMutableBufferPointer { buffer in
                for offset in start..<start + take {
                    let scalar = iterator.next() ?? " "
                    buffer[offset] = scalar
                    extra &+= Self.extraUTF8Bytes(of: scalar.value)
                }
            }
            extraUTF8Bytes += extra
            counter += UInt64(take)
        }
    }

    /// The text of `count` visible characters from `first`.
    func string(from first: UInt64, count: Int) -> String {
        let length = utf8Length(from: first, count: count)
        return String(unsafeUninitializedCapacity: length) { writeUTF8(from: first, count: count, into: $0, at: 0) }
    }

    /// The bytes of the UTF-8 of `count` visible characters from `first`.
    func utf8Length(from first: UInt64, count: Int) -> Int {
        var length = count
        forEachStored(from: first, count: count) { scalars in
            for scalar in scalars { length &+= Self.extraUTF8Bytes(of: scalar.value) }
        }
        return length
    }

    /// The bytes of a scalar's UTF-8 beyond the first; without branches, so that a loop over
    /// many can do several at once.
    @inline(__always)
    static func extraUTF8Bytes(of value: UInt32) -> Int {
        (value >= 0x80 ? 1 : 0) &+ (value >= 0x800 ? 1 : 0) &+ (value >= 0x1_0000 ? 1 : 0)
    }

    /// Writes the UTF-8 of `count` visible characters from `first` into `buffer` from `offset`,
    /// which must have room for it (`utf8Length`); returns the offset after it.
    func writeUTF8(
        from first: UInt64, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int
    ) -> Int {
        var index = offset
        forEachStored(from: first, count: count) { scalars in
            var next = 0
            while next < scalars.count {
                // A block of 16 ASCII scalars (most text) is narrowed to bytes without a branch each.
                if next + 16 <= scalars.count {
                    var any: UInt32 = 0
                    for offset in next..<next + 16 { any |= scalars[offset].value }
                    if any < 0x80 {
                        for offset in 0..<16 {
                            buffer[index + offset] = UInt8(truncatingIfNeeded: scalars[next + offset].value)
                        }
                        next += 16
                        index += 16
                        continue
                    }
                }
                let end = min(next + 16, scalars.count)
                for scalar in scalars[next..<end] {
                    let value = scalar.value
                    if value < 0x80 {
                        buffer[index] = UInt8(truncatingIfNeeded: value)
                        index += 1
                    } else {
                        UTF8.encode(scalar) { byte in
                            buffer[index] = byte
                            index += 1
                        }
                    }
                }
                next = end
            }
        }
        return index
    }

    /// Runs `body` over the scalars from `first` to `first + count - 1`, one chunk's stretch at
    /// a time; they must have been stored (the characters were placed visible).
    private func forEachStored(from first: UInt64, count: Int, _ body: (UnsafeBufferPointer<Unicode.Scalar>) -> Void) {
        var counter = first
        let last = first + UInt64(count)
        while counter < last {
            let index = Int(counter) - 1
            let start = index & (Self.chunkSize - 1)
            let take = min(Int(last - counter), Self.chunkSize - start)
            scalarChunks[number(of: index >> Self.chunkShift)!].withUnsafeBufferPointer { chunk in
                body(UnsafeBufferPointer(rebasing: chunk[start..<start + take]))
            }
            counter += UInt64(take)
        }
    }
}
