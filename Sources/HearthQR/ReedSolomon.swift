/// Reed–Solomon error correction codewords as QR codes compute them (ISO/IEC 18004 §7.5.2).
///
/// A block of data codewords is read as the coefficients of a polynomial *d(x)* over GF(2⁸), first codeword
/// highest. Its *n* error correction codewords are the remainder of *d(x)·xⁿ* divided by the generator
/// polynomial *g(x) = (x − α⁰)(x − α¹)…(x − αⁿ⁻¹)*.
struct ReedSolomon: Sendable {
    /// The generator's coefficients, highest degree first; the leading coefficient (always 1) included.
    let generator: [UInt8]

    /// The number of error correction codewords each block gets.
    var degree: Int { generator.count - 1 }

    /// An encoder that appends `degree` error correction codewords to a block.
    init(degree: Int) {
        precondition(degree > 0 && degree < 255, "Reed–Solomon degree must be in 1...254")
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            // Multiply by (x − αʳ), which in characteristic 2 is (x + αʳ).
            let alpha = GaloisField.power(root)
            var product = polynomial + [0]
            for index in 1..<product.count {
                product[index] ^= GaloisField.multiply(polynomial[index - 1], alpha)
            }
            polynomial = product
        }
        generator = polynomial
    }

    /// The error correction codewords for `data`: the remainder of `data(x)·xⁿ` divided by the generator.
    func errorCorrection(for data: [UInt8]) -> [UInt8] {
        let degree = degree
        var remainder = [UInt8](repeating: 0, count: degree)
        for codeword in data {
            // Long division one coefficient at a time: the next quotient coefficient is the leading term.
            let factor = codeword ^ remainder[0]
            for index in 0..<(degree - 1) {
                remainder[index] = remainder[index + 1] ^ GaloisField.multiply(generator[index + 1], factor)
            }
            remainder[degree - 1] = GaloisField.multiply(generator[degree], factor)
        }
        return remainder
    }
}
