import Foundation

/// Limits on chat content, checked at the API (with a clear error) and again when applying
/// remote ops (an op over a limit is rejected).
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

    /// - Throws: `NodeError.invalidArgument` for empty text, `NodeError.tooLarge` past the limit.
    public static func messageText(_ text: String) throws -> String {
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw NodeError(.invalidArgument, "a message cannot be empty")
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

    /// - Throws: `NodeError.tooLarge` past the limit.
    public static func topic(_ topic: String) throws -> String {
        let count = topic.unicodeScalars.count
        guard count <= maxTopicScalars else {
            throw NodeError(.tooLarge, "the topic is \(count) characters long; the limit is \(maxTopicScalars)")
        }
        return topic
    }

    /// - Throws: `NodeError.invalidArgument` for an empty or over-long name.
    public static func displayName(_ name: String) throws -> String {
        let trimmed = name.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= maxDisplayNameScalars else {
            throw NodeError(.invalidArgument, "a display name is 1–\(maxDisplayNameScalars) characters")
        }
        return trimmed
    }
}

extension String {
    var trimmingWhitespace: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
