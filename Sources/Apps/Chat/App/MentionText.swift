import HearthCrypto
import HearthNode

/// How mentions are written inside a message's text: `<@ID>` with the member's full 52-character
/// node id, so that a rename does not break them; shown as `@name` with the current name.
/// `@here` and `@channel` stay as written (`Protocol/apps/chat.md`, "Mentions").
enum MentionText {
    static let idLength = 52

    /// The text with each `<@ID>` shown as `@name` (`name(id)`, or the id's first 8 characters).
    static func render(_ text: String, name: (NodeID) -> String?) -> String {
        guard text.contains("<@") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<@") {
            output += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let id = token(at: after) {
                output += "@" + (name(id) ?? id.short)
                rest = after.dropFirst(idLength + 1)
            } else {
                output += "<@"
                rest = after
            }
        }
        return output + rest
    }

    /// The ids of every `<@ID>` token in the text, in order of first appearance.
    static func ids(in text: String) -> [NodeID] {
        var found: [NodeID] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<@") {
            let after = rest[open.upperBound...]
            if let id = token(at: after) {
                if !found.contains(id) { found.append(id) }
                rest = after.dropFirst(idLength + 1)
            } else {
                rest = after
            }
        }
        return found
    }

    private static func token(at text: Substring) -> NodeID? {
        let body = text.prefix(idLength)
        guard body.count == idLength, text.dropFirst(idLength).first == ">" else { return nil }
        return try? NodeID(base32: String(body))
    }

    /// A member a sender can mention: id and current display name.
    struct Candidate {
        var id: NodeID
        var name: String
    }

    /// Turns what a user typed into a message's stored text and mentions: `@name` (the longest
    /// display name that matches, any case, followed by a non-word character or the end) or
    /// `@idprefix` (8 or more characters of one member's id) becomes `<@ID>`; `@here` and
    /// `@channel` set their flags. An `@` that matches nobody stays as it is.
    /// - Throws: `NodeError.invalidArgument` when a name belongs to several members, listing them.
    static func resolve(_ typed: String, among members: [Candidate]) throws -> (text: String, mentions: MentionSet) {
        var mentions = MentionSet()
        var output = ""
        var ids: [NodeID] = []
        let scalars = Array(typed.unicodeScalars)
        var position = 0
        let sortedNames = members.sorted { $0.name.unicodeScalars.count > $1.name.unicodeScalars.count }
        while position < scalars.count {
            let scalar = scalars[position]
            let startsWord = position == 0 || !isWordScalar(scalars[position - 1])
            guard scalar == "@", startsWord else {
                output.unicodeScalars.append(scalar)
                position += 1
                continue
            }
            let after = position + 1
            if let keyword = ["here", "channel", "everyone"].first(where: { matches($0, in: scalars, at: after) }) {
                if keyword == "here" { mentions.here = true } else { mentions.channel = true }
                output += "@" + keyword
                position = after + keyword.unicodeScalars.count
                continue
            }
            if let longest = sortedNames.first(where: { matches($0.name, in: scalars, at: after) }) {
                let length = longest.name.unicodeScalars.count
                let named = sortedNames.filter {
                    $0.name.unicodeScalars.count == length && matches($0.name, in: scalars, at: after)
                }
                guard Set(named.map(\.id)).count == 1 else {
                    let listed = named.map { "\($0.name) (\($0.id.short))" }.joined(separator: ", ")
                    throw NodeError(
                        .invalidArgument,
                        "@\(longest.name) is several members: \(listed); write @ and the start of the id instead, e.g. @\(longest.id.short)"
                    )
                }
                output += "<@\(longest.id)>"
                ids.append(longest.id)
                position = after + length
                continue
            }
            var end = after
            while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
            let word = String(String.UnicodeScalarView(scalars[after..<end])).lowercased()
            let byID = word.count >= 8 ? members.filter { $0.id.description.hasPrefix(word) } : []
            if Set(byID.map(\.id)).count == 1, let member = byID.first {
                output += "<@\(member.id)>"
                ids.append(member.id)
                position = end
                continue
            }
            output.unicodeScalars.append(scalar)
            position += 1
        }
        var unique: [NodeID] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        mentions.members = unique.map(\.bytes)
        return (output, mentions)
    }

    /// Whether `word` (any case) is at `position`, followed by the end or a non-word character.
    private static func matches(_ word: String, in scalars: [Unicode.Scalar], at position: Int) -> Bool {
        let wanted = Array(word.lowercased().unicodeScalars)
        guard position + wanted.count <= scalars.count else { return false }
        let found = String(String.UnicodeScalarView(scalars[position..<position + wanted.count])).lowercased()
        guard Array(found.unicodeScalars) == wanted else { return false }
        return position + wanted.count == scalars.count || !isWordScalar(scalars[position + wanted.count])
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }
}
