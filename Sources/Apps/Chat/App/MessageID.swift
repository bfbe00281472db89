import HearthCrypto
import HearthNode
import HearthStore

/// A chat message's id: the op that posted it. Text form `AUTHORPREFIX-SEQ` (plus `.INDEX` when
/// the op is not the first of its change), where AUTHORPREFIX is 12 base32 characters of the
/// author's node id, e.g. `k3x9f2ab7qpd-42`.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    public var author: NodeID
    public var seq: UInt64
    public var index: UInt32

    public init(author: NodeID, seq: UInt64, index: UInt32) {
        self.author = author
        self.seq = seq
        self.index = index
    }

    init(_ key: OpKey) throws {
        self.init(author: try NodeID(bytes: key.author), seq: key.seq, index: key.index)
    }

    var key: OpKey { OpKey(author: author.bytes, seq: seq, index: index) }

    public var description: String {
        String(author.description.prefix(12)) + "-\(seq)" + (index > 0 ? ".\(index)" : "")
    }

    /// The parts of a textual id, before the author prefix is resolved against the database.
    struct Parsed {
        var authorPrefix: String
        var seq: UInt64
        var index: UInt32
    }

    /// - Throws: `NodeError.invalidArgument` when `text` is not of the form above.
    static func parse(_ text: String) throws -> Parsed {
        let bad = NodeError(.invalidArgument, "'\(text)' is not a message id (like k3x9f2ab7qpd-42)")
        guard let dash = text.lastIndex(of: "-") else { throw bad }
        let prefix = text[..<dash].lowercased()
        var number = text[text.index(after: dash)...]
        var index: UInt32 = 0
        if let dot = number.firstIndex(of: ".") {
            guard let parsed = UInt32(number[number.index(after: dot)...]) else { throw bad }
            index = parsed
            number = number[..<dot]
        }
        guard prefix.count >= 8, (try? Base32.decode(prefix)) != nil, let seq = UInt64(number), seq > 0 else {
            throw bad
        }
        return Parsed(authorPrefix: prefix, seq: seq, index: index)
    }
}
