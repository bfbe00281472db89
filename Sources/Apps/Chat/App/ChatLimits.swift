import Foundation
import HearthNode

/// Limits and text rules on chat content, checked at the API (with a clear error) and again when
/// applying received ops (an op that breaks one is rejected). Rules: `Protocol/apps/chat.md`.
public enum ChatLimits {
    public static let maxMessageScalars = 4000
    public static let maxTopicScalars = 250
    public static let maxChannelNameLength = 80
    public static let maxDisplayNameScalars = 64
    /// Members one message may mention by id (its @here members included).
    public static let maxMentions = 256
    /// Distinct reactions shown on one message; this node refuses to add more.
    public static let maxDistinctReactions = 20
    public static let maxReactionScalars = 16
    /// Pins shown in one channel; this node refuses to pin more.
    public static let maxPins = 100

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

    /// A reaction: 1–16 scalars (an emoji, or a short word such as `+1`), at least one visible,
    /// no white space or control character.
    /// - Throws: `NodeError.invalidArgument` with the rule.
    public static func reaction(_ reaction: String) throws -> String {
        let scalars = reaction.unicodeScalars
        guard !scalars.isEmpty, scalars.count <= maxReactionScalars, TextRules.hasVisibleCharacter(reaction),
            !scalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else {
            throw NodeError(
                .invalidArgument,
                "a reaction is 1–\(maxReactionScalars) characters (an emoji, or a short word such as +1), with no spaces"
            )
        }
        return reaction
    }
}
