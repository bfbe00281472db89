/// Arithmetic in the finite field GF(2⁸) that QR code error correction works in (ISO/IEC 18004 §7.5.2).
///
/// An element is a byte read as a polynomial over GF(2) (bit *i* is the coefficient of *xⁱ*). Adding is XOR;
/// multiplying is polynomial multiplication reduced modulo the field's primitive polynomial
/// *x⁸ + x⁴ + x³ + x² + 1* (0x11D). The element α = 2 (the polynomial *x*) generates every non-zero element,
/// so a product is computed through logarithms: *a·b = α^(log a + log b)*.
enum GaloisField {
    /// x⁸ + x⁴ + x³ + x² + 1, the primitive polynomial of ISO/IEC 18004.
    static let primitivePolynomial = 0x11D

    /// `exponentials[i]` is αⁱ. The 255 powers are stored twice so that `log a + log b` (at most 508) needs no
    /// reduction modulo 255.
    static let exponentials: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            table[power + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= primitivePolynomial }
        }
        return table
    }()

    /// `logarithms[a]` is the *i* with αⁱ = *a*, for *a* ≠ 0 (`logarithms[0]` is unused).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for power in 0..<255 { table[Int(exponentials[power])] = power }
        return table
    }()

    /// The product of two field elements.
    @inline(__always)
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponentials[logarithms[Int(a)] + logarithms[Int(b)]]
    }

    /// αⁱ for any *i* ≥ 0.
    static func power(_ exponent: Int) -> UInt8 { exponentials[exponent % 255] }
}
