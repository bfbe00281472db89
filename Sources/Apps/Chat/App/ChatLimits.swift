import Foundation
import HearthNode

/// Limits and text rules on chat content, checked at the API (with a clear error) and again when
/// applying received ops (an op that breaks one is rejected). Rules: `Protocol/apps/chat.md`.
public enum ChatLimits {
    public static let maxMessageScalars = 4000
    public static let maxTopicScalars = 250
    public static let maxChannelNameLength = 80
    public static let maxDisplayNameScalars = 64

    /// Lowercases and checks a channel name: 1–80 of `a-z 0-9 - _`, optionally after a `#`.
    /// - Throws: `NodeError.invalidArgument` with the rule.
    public static func channelName(_ raw: String) throws -> String {
        var name = raw.lowercased()
        if name.hasPrefix("#") { name.removeFirst() }
        let valid = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard valid, !name.isEmpty, name.count <= maxChannelNameLength else {
            throw NodeError(
                .invalidArgument,
                "'\(raw)' is not a valid channel name: use 1–\(maxChannelNameLength) lowercase letters, digits, '-' or '_'"
            )
        }
        return name
    }

    /// A message: 1–4000 scalars, at least one visible, no control characters but tab and line breaks.
    /// - Throws: `NodeError.invalidArgument` for empty or invisible text or a control character,
    ///   `NodeError.tooLarge` past the limit.
    public static func messageText(_ text: String) throws -> String {
        try TextRules.check(text, field: "a message", allowing: ["\t", "\n", "\r"])
        guard TextRules.hasVisibleCharacter(text) else {
            throw NodeError(.invalidArgument, "a message cannot be empty or only spaces and invisible characters")
        }
        let count = text.unicodeScalars.count
        guard count <= maxMessageScalars else {
            throw NodeError(
                .tooLarge,
                "the message is \(count) characters long; the limit is \(maxMessageScalars). Split it, or share it as a file"
            )
        }
        return text
    }

    /// A topic: at most 250 scalars, no control characters (it may be empty).
    /// - Throws: `NodeError.invalidArgument` for a control character, `NodeError.tooLarge` past the limit.
    public static func topic(_ topic: String) throws -> String {
        try TextRules.check(topic, field: "a topic", allowing: [])
        let count = topic.unicodeScalars.count
        guard count <= maxTopicScalars else {
            throw NodeError(.tooLarge, "the topic is \(count) characters long; the limit is \(maxTopicScalars)")
        }
        return topic
    }

    /// A display name, trimmed: 1–64 scalars, at least one visible, no control characters.
    /// - Throws: `NodeError.invalidArgument` for an empty, invisible or over-long name or a control character.
    public static func displayName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        try TextRules.check(trimmed, field: "a display name", allowing: [])
        guard TextRules.hasVisibleCharacter(trimmed), trimmed.unicodeScalars.count <= maxDisplayNameScalars else {
            throw NodeError(
                .invalidArgument, "a display name is 1–\(maxDisplayNameScalars) characters, not all of them invisible")
        }
        return trimmed
    }
}

/// Text rules shared by every chat text field.
enum TextRules {
    /// Refuses control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) other than
    /// those in `allowed`.
    /// - Throws: `NodeError.invalidArgument` naming the character.
    static func check(_ text: String, field: String, allowing allowed: Set<Unicode.Scalar>) throws {
        if let bad = text.unicodeScalars.first(where: { isControl($0) && !allowed.contains($0) }) {
            let code = String(bad.value, radix: 16, uppercase: true)
            throw NodeError(
                .invalidArgument,
                "\(field) cannot hold the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)"
            )
        }
    }

    /// Whether some character is neither white space, a control, a format character (such as
    /// U+200B ZERO WIDTH SPACE) nor otherwise default-ignorable.
    static func hasVisibleCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isVisible)
    }

    /// Whether `scalar` is of category Cc. ASCII is decided without the Unicode tables, which
    /// are slow to consult per scalar: its controls are U+0000–U+001F and U+007F.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control
    }

    /// Whether `scalar` is neither white space, a control, a format character nor otherwise
    /// default-ignorable. In ASCII that is exactly U+0021–U+007E (decided without the tables).
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x21...0x7E).contains(scalar.value) }
        return isVisibleByProperties(scalar)
    }

    /// `isVisible` from the Unicode properties alone, for every scalar.
    static func isVisibleByProperties(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return !properties.isWhitespace && !properties.isDefaultIgnorableCodePoint
            && ![.control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator].contains(
                properties.generalCategory)
    }
}
