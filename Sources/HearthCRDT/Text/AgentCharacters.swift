/// What a text document knows about one agent's characters, by counter (1...`maxCounter`):
/// which run holds each one, and the scalar of each placed visible.
///
/// A run holds consecutive counters of one agent, and one agent's runs never overlap, so only
/// where each run starts is kept: a bit per counter, and the run at each counter whose bit is
/// set. Placing or splitting a run of any length writes one entry, and a character's run is the
/// one starting nearest at or before it, when that run reaches it. Scalars are kept only for
/// characters placed visible (a deleted character's content is not known), so characters that
/// arrive deleted cost no memory traffic per character.
///
/// Both are kept in chunks of 4,096 counters, made when something first lands in them. The
/// first 1,024 chunks (counters up to about four million, all an honest author of one document
/// uses) sit in arrays by chunk, so finding one is an array read; chunks beyond are numbered as
/// made and found through a dictionary, so a forged counter near 2^31 costs one chunk and a bit
/// (in `startChunks`) for every chunk below it, not an entry for each. A chunk's runs and
/// scalars are not cleared when made: an entry is used only once written (a run only where its
/// bit is set, a scalar only for a visible character).
struct AgentCharacters: Sendable {
    static let maxCounter: UInt64 = UInt64(Int32.max)
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift

    /// The chunks that sit in the arrays below by their own index (counter − 1 over 4,096).
    static let nearChunks = 1_024
    /// The number (index in the arrays below) of each chunk made beyond the near ones.
    private var farChunks: [Int: Int] = [:]
    /// By chunk number, a bit per counter where a run starts, in 64 words; empty while none has.
    private var startBits: [[UInt64]] = []
    /// By chunk number, a bit per word of its `startBits` that has a bit set.
    private var startWords: [UInt64] = []
    /// By chunk (not number), a bit per chunk whose `startWords` has a bit set.
    private var startChunks: [UInt64] = []
    /// By chunk number, the run starting at each counter whose bit is set.
    private var runStarts: [[RunRef]] = []
    /// By chunk number, the scalar of each counter placed visible.
    var scalarChunks: [[Unicode.Scalar]] = []
    /// The UTF-8 bytes beyond one per scalar of every scalar stored, deleted characters' too: with
    /// the visible count, a bound on the text's UTF-8 length.
    var extraUTF8Bytes = 0
    /// One past the highest counter any run reaches: 1 while there is none.
    private(set) var end: UInt64 = 1

    /// Whether `count` (> 0) counters from `first` all lie in 1...`maxCounter`.
    static func holds(_ first: UInt64, count: Int) -> Bool {
        count > 0 && first >= 1 && first <= maxCounter && UInt64(count) <= maxCounter - first + 1
    }

    /// A chunk of `chunkSize` entries whose contents are not set: an entry is used only once
    /// written (the run at a counter is read before its bit is checked, and dropped unless set).
    static func unwrittenChunk<Entry: BitwiseCopyable>(of _: Entry.Type) -> [Entry] {
        [Entry](unsafeUninitializedCapacity: chunkSize) { _, count in count = chunkSize }
    }

    /// The number of `chunk` (its index in the per-chunk arrays), if it was made.
    @inline(__always)
    func number(of chunk: Int) -> Int? {
        if chunk < Self.nearChunks { return chunk < startBits.count ? chunk : nil }
        return farChunks[chunk]
    }

    /// The number of `chunk`, made now if it was not.
    mutating func makeChunk(_ chunk: Int) -> Int {
        if let number = number(of: chunk) { return number }
        let chunkWords = (chunk >> 6) + 1
        if chunkWords > startChunks.count {
            startChunks.append(contentsOf: repeatElement(0, count: chunkWords - startChunks.count))
        }
        // A near chunk's number is its index; a far one's comes after every near one.
        let count = chunk < Self.nearChunks ? chunk + 1 : max(startBits.count, Self.nearChunks) + 1
        let more = count - startBits.count
        startBits.append(contentsOf: repeatElement([], count: more))
        startWords.append(contentsOf: repeatElement(0, count: more))
        runStarts.append(contentsOf: repeatElement([], count: more))
        scalarChunks.append(contentsOf: repeatElement([], count: more))
        if chunk < Self.nearChunks { return chunk }
        farChunks[chunk] = count - 1
        return count - 1
    }

    // MARK: Runs

    /// Records `count` new characters from `first`, which start `run` (nil: they continue the run
    /// that reaches `first - 1`), with scalars from `scalars` (nil: placed deleted, no content).
    mutating func place<Scalars: IteratorProtocol<Unicode.Scalar>>(
        from first: UInt64, count: Int, startingRun run: RunRef?, scalars: inout Scalars?
    ) {
        precondition(Self.holds(first, count: count), "counters out of range")
        if let run { setStart(of: run, at: first) }
        end = max(end, first + UInt64(count))
        storeScalars(from: first, count: count, scalars: &scalars)
    }

    /// Records that `run` starts at `counter` (a run split off, or one that grew backwards).
    mutating func setStart(of run: RunRef, at counter: UInt64) {
        let index = Int(counter) - 1
        let chunk = index >> Self.chunkShift
        let number = makeChunk(chunk)
        if startBits[number].isEmpty {
            startBits[number] = Array(repeating: 0, count: Self.chunkSize >> 6)
            runStarts[number] = Self.unwrittenChunk(of: RunRef.self)
        }
        let word = (index >> 6) & 63
        startBits[number][word] |= 1 << UInt64(index & 63)
        runStarts[number][index & (Self.chunkSize - 1)] = run
        if startWords[number] & (1 << UInt64(word)) == 0 {  // the word's first start
            startWords[number] |= 1 << UInt64(word)
            startChunks[chunk >> 6] |= 1 << UInt64(chunk & 63)
        }
    }

    /// Forgets that a run starts at `counter` (its first character moved to the run before).
    mutating func clearStart(at counter: UInt64) {
        let index = Int(counter) - 1
        let chunk = index >> Self.chunkShift
        guard let number = number(of: chunk), !startBits[number].isEmpty else { return }
        let word = (index >> 6) & 63
        startBits[number][word] &= ~(1 << UInt64(index & 63))
        guard startBits[number][word] == 0 else { return }
        startWords[number] &= ~(1 << UInt64(word))
        if startWords[number] == 0 { startChunks[chunk >> 6] &= ~(1 << UInt64(chunk & 63)) }
    }

    /// The run holding character `counter`, if it is here; `length` gives a run's length.
    @inline(__always)
    func run(containing counter: UInt64, length: (RunRef) -> Int32) -> RunRef? {
        // Past every run (a new id checked before it is placed): no bit or run to read.
        guard counter < end, let (start, run) = start(atOrBefore: counter) else { return nil }
        // A run that starts at `counter` holds it; one that starts before may end before it.
        return start == counter || counter - start < UInt64(length(run)) ? run : nil
    }

    /// What an insert of `count` characters from `first` finds: how many lead characters are
    /// here already, and how many unknown ones follow them (up to the next known one).
    func scan(from first: UInt64, count: Int, length: (RunRef) -> Int32) -> (known: Int, unknown: Int) {
        if first >= end { return (0, count) }  // past every run: the common case, nothing to look up
        let last = first + UInt64(count)
        let counter = firstNotHeld(from: first, before: last, length: length)
        if counter >= last { return (count, 0) }
        let next = firstStart(from: counter).map { min($0, last) } ?? last
        return (Int(counter - first), Int(next - counter))
    }

    /// Whether any of `count` counters from `first` holds a character.
    func holdsAny(from first: UInt64, count: Int, length: (RunRef) -> Int32) -> Bool {
        if first >= end { return false }  // past every run
        // Runs do not overlap, so only the last run starting before the range's end can reach into it.
        guard let (start, run) = start(atOrBefore: first + UInt64(count) - 1) else { return false }
        return start + UInt64(length(run)) > first
    }

    /// The first of `count` counters from `first` that holds no character; nil when all do.
    func firstMissing(from first: UInt64, count: Int, length: (RunRef) -> Int32) -> UInt64? {
        let last = first + UInt64(count)
        let counter = firstNotHeld(from: first, before: last, length: length)
        return counter < last ? counter : nil
    }

    /// The first counter from `first` that holds no character, walking run by run; `last` when
    /// every one before it does.
    private func firstNotHeld(from first: UInt64, before last: UInt64, length: (RunRef) -> Int32) -> UInt64 {
        var counter = first
        while counter < last, let (start, run) = start(atOrBefore: counter) {
            let runEnd = start + UInt64(length(run))
            guard counter < runEnd else { break }
            counter = runEnd
        }
        return min(counter, last)
    }

    // MARK: Finding starts

    /// The nearest run start at or before `counter`, and its run; nil when there is none.
    @inline(__always)
    func start(atOrBefore counter: UInt64) -> (counter: UInt64, run: RunRef)? {
        guard counter >= 1, end > 1 else { return nil }
        // No run starts at or past `end`.
        let index = Int(min(counter, end - 1)) - 1
        if let number = number(of: index >> Self.chunkShift), !startBits[number].isEmpty {
            // A character looked up is often the first of its run. Its run is read before the
            // bit says whether one starts here, so that both loads go to memory together.
            let runHere = runStarts[number][index & (Self.chunkSize - 1)]
            if startBits[number][(index >> 6) & 63] & (1 << UInt64(index & 63)) != 0 {
                return (UInt64(index) + 1, runHere)
            }
        }
        return start(before: index)
    }

    /// The nearest run start before counter `index + 1` (none starts there), and its run.
    @inline(never)
    private func start(before index: Int) -> (counter: UInt64, run: RunRef)? {
        let chunk = index >> Self.chunkShift
        if let number = number(of: chunk), case let words = startWords[number], words != 0 {
            let word = (index >> 6) & 63
            let bits = startBits[number][word] & (UInt64.max >> UInt64(63 - (index & 63)))
            if bits != 0 { return found(chunk: chunk, number: number, word: word, bits: bits) }
            let lower = words & ((1 << UInt64(word)) - 1)
            if lower != 0 { return highest(inChunk: chunk, number: number, words: lower) }
        }
        guard let earlier = highestChunk(below: chunk) else { return nil }
        let number = number(of: earlier)!
        return highest(inChunk: earlier, number: number, words: startWords[number])
    }

    /// The first run start at or after `counter`; nil when there is none.
    func firstStart(from counter: UInt64) -> UInt64? {
        guard counter < end else { return nil }
        let index = Int(counter) - 1
        let chunk = index >> Self.chunkShift
        if let number = number(of: chunk), case let words = startWords[number], words != 0 {
            let word = (index >> 6) & 63
            let bits = startBits[number][word] & (UInt64.max << UInt64(index & 63))
            if bits != 0 { return Self.counter(chunk: chunk, word: word, bit: bits.trailingZeroBitCount) }
            let higher = word == 63 ? 0 : words & (UInt64.max << UInt64(word + 1))
            if higher != 0 {
                let next = higher.trailingZeroBitCount
                return Self.counter(chunk: chunk, word: next, bit: startBits[number][next].trailingZeroBitCount)
            }
        }
        guard let later = lowestChunk(above: chunk) else { return nil }
        let number = number(of: later)!
        let next = startWords[number].trailingZeroBitCount
        return Self.counter(chunk: later, word: next, bit: startBits[number][next].trailingZeroBitCount)
    }

    private static func counter(chunk: Int, word: Int, bit: Int) -> UInt64 {
        UInt64(chunk << chunkShift | word << 6 | bit) + 1
    }

    /// The last start among `bits` (not zero) of `word` in a chunk, and its run.
    private func found(chunk: Int, number: Int, word: Int, bits: UInt64) -> (counter: UInt64, run: RunRef) {
        let offset = word << 6 | (63 - bits.leadingZeroBitCount)
        return (UInt64(chunk << Self.chunkShift | offset) + 1, runStarts[number][offset])
    }

    /// The last start in the last word among `words` (not zero) of a chunk, and its run.
    private func highest(inChunk chunk: Int, number: Int, words: UInt64) -> (counter: UInt64, run: RunRef) {
        let word = 63 - words.leadingZeroBitCount
        return found(chunk: chunk, number: number, word: word, bits: startBits[number][word])
    }

    /// The last chunk before `chunk` with a start.
    private func highestChunk(below chunk: Int) -> Int? {
        guard chunk > 0 else { return nil }
        var index = (chunk - 1) >> 6
        var mask = UInt64.max >> UInt64(63 - ((chunk - 1) & 63))
        if index >= startChunks.count {  // past every chunk made: any of them
            index = startChunks.count - 1
            mask = .max
        }
        while index >= 0 {
            let bits = startChunks[index] & mask
            if bits != 0 { return index << 6 | (63 - bits.leadingZeroBitCount) }
            index -= 1
            mask = .max
        }
        return nil
    }

    /// The first chunk after `chunk` with a start.
    private func lowestChunk(above chunk: Int) -> Int? {
        let next = chunk + 1
        var index = next >> 6
        var mask = UInt64.max << UInt64(next & 63)
        while index < startChunks.count {
            let bits = startChunks[index] & mask
            if bits != 0 { return index << 6 | bits.trailingZeroBitCount }
            index += 1
            mask = .max
        }
        return nil
    }
}
