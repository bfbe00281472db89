import HearthNode
import Testing

/// The text rules' ASCII shortcuts agree with the Unicode properties they stand for.
@Suite struct TextRulesTests {
    @Test func asciiShortcutsMatchTheUnicodeProperties() {
        for value in UInt32(0)..<0x80 {
            let scalar = Unicode.Scalar(value)!
            #expect(TextRules.isControl(scalar) == (scalar.properties.generalCategory == .control), "U+\(value)")
            #expect(TextRules.isVisible(scalar) == TextRules.isVisibleByProperties(scalar), "U+\(value)")
        }
    }

    @Test func nonASCIIScalarsStillUseTheProperties() {
        #expect(TextRules.isControl("\u{85}"))
        #expect(!TextRules.isControl("é"))
        #expect(!TextRules.isVisible("\u{200B}"))
        #expect(!TextRules.isVisible("\u{A0}"))
        #expect(TextRules.isVisible("é"))
        #expect(!TextRules.hasVisibleCharacter(" \u{200B}\t"))
        #expect(TextRules.hasVisibleCharacter(" \u{200B}x"))
    }
}
