/// The format and version information words and their BCH codes (ISO/IEC 18004 §7.9, §7.10, Annexes C and D).
enum QRFormat {
    /// x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1, the generator of the (15, 5) BCH code protecting the format information.
    static let formatGenerator = 0b101_0011_0111
    /// XORed into the format information so that it is never all zeros (Annex C).
    static let formatMask = 0b101_0100_0001_0010
    /// x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1, the generator of the (18, 6) BCH code of the version information.
    static let versionGenerator = 0b1_1111_0010_0101

    /// The 15 format information bits: the level's two bits and the mask's three, then ten BCH bits, masked.
    static func formatInformation(correction: QRCode.Correction, mask: QRMask) -> Int {
        let data = correction.formatBits << 3 | mask.rawValue
        return bchCodeword(data, generator: formatGenerator, degree: 10) ^ formatMask
    }

    /// The 18 version information bits: the six-bit version number, then twelve BCH bits.
    static func versionInformation(version: Int) -> Int {
        bchCodeword(version, generator: versionGenerator, degree: 12)
    }

    /// `data` followed by the remainder of `data·x^degree` divided by `generator` (polynomials over GF(2)).
    static func bchCodeword(_ data: Int, generator: Int, degree: Int) -> Int {
        var remainder = data << degree
        var bit = remainder.bitWidth - 1 - remainder.leadingZeroBitCount
        while bit >= degree {
            if (remainder >> bit) & 1 == 1 { remainder ^= generator << (bit - degree) }
            bit -= 1
        }
        return data << degree | remainder
    }
}
