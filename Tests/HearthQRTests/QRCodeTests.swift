import Testing

@testable import HearthQR

struct QRCodeTests {
    static let invite =
        "hearth://join/lanparty?k=" + String(repeating: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", count: 2).prefix(52)

    @Test func picksTheSmallestVersionThatFits() throws {
        #expect(try QRCode(encoding: "a", correction: .low).version == 1)
        #expect(try QRCode(encoding: [UInt8](repeating: 65, count: 17), correction: .low).version == 1)
        #expect(try QRCode(encoding: [UInt8](repeating: 65, count: 18), correction: .low).version == 2)
        let invite = try QRCode(encoding: Self.invite)
        #expect(invite.version == 5 && invite.size == 37 && invite.correction == .medium)
    }

    @Test(arguments: QRCode.Correction.allCases)
    func dataTooLongForVersion40Throws(_ correction: QRCode.Correction) throws {
        let limit = QRTables.byteCapacity(version: 40, correction: correction)
        #expect(limit == ["L": 2953, "M": 2331, "Q": 1663, "H": 1273][correction.rawValue])
        #expect(try QRCode(encoding: [UInt8](repeating: 0x42, count: limit), correction: correction).version == 40)
        #expect(throws: QRCodeError.dataTooLong(byteCount: limit + 1, limit: limit, correction: correction)) {
            try QRCode(encoding: [UInt8](repeating: 0x42, count: limit + 1), correction: correction)
        }
    }

    @Test func theTooLongErrorSaysTheLimit() {
        let text = String(repeating: "é", count: 700)  // 1,400 UTF-8 bytes
        do {
            _ = try QRCode(encoding: text, correction: .high)
            Issue.record("1,400 bytes fit at level H")
        } catch {
            #expect(
                "\(error)"
                    == "QR code data too long: 1400 bytes, but at most 1273 bytes fit at error correction level H")
        }
    }

    /// The closed formula for the modules left for data agrees with the modules the matrix leaves free.
    @Test(arguments: QRTables.versions)
    func dataModulesAreTheModulesTheFunctionPatternsLeave(_ version: Int) {
        let matrix = QRMatrix(version: version)
        let free = (0..<matrix.size * matrix.size).count { !matrix.isFunction[$0] }
        #expect(free == QRTables.dataModules(version: version))
        #expect(QRTables.totalCodewords(version: version) * 8 <= free)
    }

    @Test func choosesTheMaskWithTheLowestPenalty() throws {
        let bytes = Array(Self.invite.utf8)
        let chosen = try QRCode(encoding: bytes)
        func penalty(_ mask: QRMask) throws -> Int {
            let code = try QRCode(encoding: bytes, correction: .medium, version: nil, mask: mask)
            var matrix = QRMatrix(version: code.version)
            for y in 0..<code.size {
                for x in 0..<code.size { matrix[x, y] = code.isDark(x: x, y: y) }
            }
            return QRPenalty.score(matrix)
        }
        let lowest = try QRMask.allCases.map(penalty).min()!
        #expect(try penalty(chosen.mask) == lowest)
    }

    @Test func penaltyRulesScoreAsTable11Says() {
        let d = true
        let l = false
        #expect(QRPenalty.runScore([d, d, d, d, l, l, l, l]) == 0)
        #expect(QRPenalty.runScore([d, d, d, d, d, l, d]) == 3)
        #expect(QRPenalty.runScore([l, l, l, l, l, l, l, d, d, d, d, d]) == 5 + 3)
        #expect(QRPenalty.finderLikeScore([l, l, l, l, d, l, d, d, d, l, d]) == 40)
        #expect(QRPenalty.finderLikeScore([d, l, d, d, d, l, d, l, l, l, l]) == 40)
        #expect(QRPenalty.finderLikeScore([d, l, d, d, d, l, d, l, l, d, l, d]) == 40, "light beyond the edge")
        #expect(QRPenalty.finderLikeScore([d, d, l, d, d, d, l, d, d, l, l, l, d]) == 0)
    }

    @Test func outsideTheSymbolIsLight() throws {
        let code = try QRCode(encoding: "a")
        #expect(code.isDark(x: 0, y: 0) && code.isDark(x: code.size - 1, y: 0))
        #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: 0, y: code.size) && !code.isDark(x: code.size, y: 3))
    }

    @Test func theTextInitialiserEncodesUTF8() throws {
        let text = "Grüße 🔥"
        #expect(
            try QRCode(encoding: text, correction: .quartile)
                == QRCode(encoding: Array(text.utf8), correction: .quartile))
    }
}
