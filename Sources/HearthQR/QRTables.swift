/// The per-version, per-level constants of ISO/IEC 18004 that the encoder looks up rather than computes.
enum QRTables {
    /// Error correction codewords in each block (Table 9), indexed `[correction.tableIndex][version - 1]`.
    static let errorCorrectionCodewordsPerBlock: [[Int]] = [
        // L
        [
            7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        // M
        [
            10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        // Q
        [
            13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        // H
        [
            17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    /// Error correction blocks (Table 9), indexed `[correction.tableIndex][version - 1]`. When the codewords do
    /// not divide evenly, the later blocks hold one more data codeword than the earlier ones.
    static let blockCount: [[Int]] = [
        // L
        [
            1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
        ],
        // M
        [
            1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ],
        // Q
        [
            1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        // H
        [
            1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]

    /// Row and column coordinates of the alignment pattern centres (Annex E, Table E.1), indexed
    /// `[version - 1]`. Patterns sit at every pairing of these, except the three that would overlap a finder.
    static let alignmentPatternCenters: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86],
        [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    static let versions = 1...40

    /// Modules per side: 21 for version 1, four more for each version after.
    static func size(version: Int) -> Int { 4 * version + 17 }

    /// Modules left for codewords once the function patterns are drawn; the last `% 8` are remainder bits.
    static func dataModules(version: Int) -> Int {
        let size = size(version: version)
        var modules = size * size
        modules -= 3 * 64  // finder patterns with their separators
        modules -= 2 * 15 + 1  // two copies of the format information, and the dark module
        modules -= 2 * (size - 16)  // timing patterns between the separators
        let centers = alignmentPatternCenters[version - 1].count
        if centers > 0 {
            // centers² − 3 patterns of 25 modules; those in row or column 6 share 5 modules with a timing pattern.
            modules -= 25 * (centers * centers - 3) - 2 * 5 * (centers - 2)
        }
        if version >= 7 { modules -= 2 * 18 }  // two copies of the version information
        return modules
    }

    /// All codewords, data and error correction, that a symbol of `version` holds.
    static func totalCodewords(version: Int) -> Int { dataModules(version: version) / 8 }

    /// Data codewords that a symbol of `version` holds at `correction`.
    static func dataCodewords(version: Int, correction: QRCode.Correction) -> Int {
        let level = correction.tableIndex
        return totalCodewords(version: version)
            - errorCorrectionCodewordsPerBlock[level][version - 1] * blockCount[level][version - 1]
    }

    /// Bits of the byte-mode character count indicator (Table 3).
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Bytes that fit in one byte-mode segment of a symbol of `version` at `correction`.
    static func byteCapacity(version: Int, correction: QRCode.Correction) -> Int {
        let bits = dataCodewords(version: version, correction: correction) * 8
        return (bits - 4 - characterCountBits(version: version)) / 8
    }
}
