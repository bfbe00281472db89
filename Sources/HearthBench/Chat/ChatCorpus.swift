import HearthMachines

/// Chat-like text for the search benchmark, the same for the same seed: words drawn from a
/// vocabulary with Zipf's law (a few words very often, most rarely), as in real chat.
struct ChatCorpus {
    /// Words people at a LAN party say, most frequent first; made-up words follow them.
    static let common = [
        "gg", "the", "lol", "is", "on", "rocket", "rail", "map", "next", "rematch", "nice", "shot", "who", "frag",
        "jump", "camping", "lag", "ping", "server", "team", "red", "blue", "flag", "quad", "armor", "health",
        "mega", "spawn", "plasma", "shotgun", "lightning", "grenade", "bfg", "dm4", "dm6", "ctf", "tdm", "ffa",
        "pizza", "break", "brb", "back", "ready", "go", "one", "more", "round", "win", "lost", "close",
    ]

    let vocabulary: [String]
    private let cumulative: [Double]
    private var random: SplitMix64

    init(seed: UInt64, vocabularySize: Int = 20_000) {
        var generator = SplitMix64(seed: seed)
        var words = Self.common
        var seen = Set(words)
        let syllables = [
            "ra", "ko", "mi", "ta", "zu", "ne", "lo", "shi", "pe", "do", "ga", "ri", "fu", "ke", "ma", "vo",
        ]
        while words.count < vocabularySize {
            let length = 2 + Int(generator.next() % 3)
            var word = ""
            for _ in 0..<length { word += syllables[Int(generator.next() % UInt64(syllables.count))] }
            if seen.insert(word).inserted { words.append(word) }
        }
        random = generator
        vocabulary = words
        var total = 0.0
        cumulative = (0..<words.count).map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    /// The word of rank `rank` (0 is the most frequent).
    func word(rank: Int) -> String { vocabulary[rank] }

    /// A message of 3–20 words.
    mutating func message() -> String {
        let count = 3 + Int(random.next() % 18)
        return (0..<count).map { _ in nextWord() }.joined(separator: " ")
    }

    mutating func nextWord() -> String {
        let target = Double(random.next() >> 11) / Double(1 << 53) * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return vocabulary[low]
    }

    mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
}
