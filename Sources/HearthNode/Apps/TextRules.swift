import Foundation

/// Text rules every app's text fields share (`Protocol/apps/chat.md`, `apps/crdt.md`): which
/// characters are controls, and which are visible.
public enum TextRules {
    /// Refuses control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) other than
    /// those in `allowed`.
    /// - Throws: `NodeError.invalidArgument` naming the character.
    public static func check(_ text: String, field: String, allowing allowed: Set<Unicode.Scalar>) throws {
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
    public static func hasVisibleCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isVisible)
    }

    /// Whether `scalar` is of category Cc. ASCII is decided without the Unicode tables, which
    /// are slow to consult per scalar: its controls are U+0000–U+001F and U+007F.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control
    }

    /// Whether `scalar` is neither white space, a control, a format character nor otherwise
    /// default-ignorable. In ASCII that is exactly U+0021–U+007E (decided without the tables).
    public static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x21...0x7E).contains(scalar.value) }
        return isVisibleByProperties(scalar)
    }

    /// `isVisible` from the Unicode properties alone, for every scalar.
    public static func isVisibleByProperties(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return !properties.isWhitespace && !properties.isDefaultIgnorableCodePoint
            && ![.control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator].contains(
                properties.generalCategory)
    }
}
