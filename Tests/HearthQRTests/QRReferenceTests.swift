import Testing

@testable import HearthQR

/// A whole symbol drawn by python-qrcode (see `QRReferenceFixtures`).
struct ReferenceSymbol: Sendable, CustomTestStringConvertible {
    let text: String
    let correction: QRCode.Correction
    let mask: Int
    let version: Int
    let rows: [String]

    var testDescription: String { "\(text.prefix(24)) \(correction.rawValue) mask \(mask)" }
}

/// The digest of a symbol python-qrcode drew at full capacity for one version and level.
struct ReferenceDigest: Sendable, CustomTestStringConvertible {
    let version: Int
    let correction: QRCode.Correction
    let capacity: Int
    let digest: UInt64

    var mask: Int { (version + correction.tableIndex) % 8 }
    var message: [UInt8] {
        (0..<capacity).map { UInt8(truncatingIfNeeded: $0 * 37 + version * 11 + correction.tableIndex) }
    }
    var testDescription: String { "version \(version) \(correction.rawValue)" }
}

/// Known answers from an independent encoder (python-qrcode) and from ISO/IEC 18004's worked examples.
struct QRReferenceTests {
    @Test(arguments: QRReferenceFixtures.symbols)
    func drawsTheSameModulesAsAnIndependentEncoder(_ reference: ReferenceSymbol) throws {
        let code = try QRCode(
            encoding: Array(reference.text.utf8), correction: reference.correction, version: nil,
            mask: QRMask(rawValue: reference.mask))
        #expect(code.version == reference.version)
        let rows = (0..<code.size).map { y in String((0..<code.size).map { x in code.isDark(x: x, y: y) ? "1" : "0" }) }
        #expect(rows.count == reference.rows.count)
        for (y, (ours, theirs)) in zip(rows, reference.rows).enumerated() {
            #expect(ours == theirs, "row \(y)")
        }
    }

    /// Every version at every level, filled to capacity: the tables (capacity, blocks, alignment patterns) and
    /// the version information must all agree with the other encoder.
    @Test(arguments: QRReferenceFixtures.digests)
    func drawsEveryVersionAndLevelAtFullCapacityLikeAnIndependentEncoder(_ reference: ReferenceDigest) throws {
        #expect(
            QRTables.byteCapacity(version: reference.version, correction: reference.correction) == reference.capacity)
        let code = try QRCode(
            encoding: reference.message, correction: reference.correction, version: nil,
            mask: QRMask(rawValue: reference.mask))
        #expect(code.version == reference.version, "the smallest version that holds the capacity of this one")
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        for y in 0..<code.size {
            for x in 0..<code.size {
                digest ^= code.isDark(x: x, y: y) ? 1 : 0
                digest = digest &* 0x100_0000_01B3
            }
        }
        #expect(digest == reference.digest)
    }

    @Test func reedSolomonMatchesPublishedExamples() {
        // ISO/IEC 18004 Annex I: "01234567" as version 1-M.
        let iso: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        #expect(
            ReedSolomon(degree: 10).errorCorrection(for: iso)
                == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
        // "HELLO WORLD" as version 1-M, the example of Thonky's QR code tutorial.
        let hello: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon(degree: 10).errorCorrection(for: hello) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func generatorPolynomialOfDegreeSevenMatchesAnnexA() {
        // g(x) = x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹
        let exponents = [0, 87, 229, 146, 149, 238, 102, 21]
        #expect(ReedSolomon(degree: 7).generator == exponents.map { GaloisField.power($0) })
    }

    @Test func formatAndVersionInformationMatchTheStandardsExamples() {
        // §7.9.1: level M, mask 101 → 100000011001110.
        let mask5 = QRMask(rawValue: 5)!
        #expect(QRFormat.formatInformation(correction: .medium, mask: mask5) == 0b100_0000_1100_1110)
        // Annex D: version 7 → 000111110010010100.
        #expect(QRFormat.versionInformation(version: 7) == 0b00_0111_1100_1001_0100)
        #expect(QRFormat.versionInformation(version: 40) == 0b10_1000_1100_0110_1001)
    }

    @Test func byteModeDataCodewordsMatchTheLayoutOfSection7_4() {
        // "ab" in 1-L: 0100 | 00000010 | 01100001 | 01100010 | 0000, then pad codewords.
        let data = QRCodewords.data(for: Array("ab".utf8), version: 1, correction: .low)
        #expect(data.count == 19)
        #expect(Array(data.prefix(5)) == [0x40, 0x26, 0x16, 0x20, 0xEC])
        #expect(Array(data.suffix(3)) == [0xEC, 0x11, 0xEC], "15 pad codewords, alternating")
    }
}
