/// A QR code symbol (ISO/IEC 18004 model 2) that holds a message in byte mode.
///
/// The encoder picks the smallest version (1–40, 21×21 to 177×177 modules) that fits the message at the
/// requested error correction level, and the mask pattern with the lowest penalty score. Draw it with
/// ``isDark(x:y:)``, ``svg(moduleSize:quietZone:title:)`` or ``terminalLines(quietZone:)``.
///
/// ```swift
/// let code = try QRCode(encoding: "hearth://join/lanparty?k=…", correction: .medium)
/// print(code.terminalLines().joined(separator: "\n"))
/// ```
public struct QRCode: Sendable, Hashable {
    /// How much of the symbol may be damaged or hidden and still be read. Higher levels leave less room for data.
    public enum Correction: String, Sendable, Hashable, CaseIterable {
        /// Level L: about 7% of the codewords can be restored.
        case low = "L"
        /// Level M: about 15% of the codewords can be restored.
        case medium = "M"
        /// Level Q: about 25% of the codewords can be restored.
        case quartile = "Q"
        /// Level H: about 30% of the codewords can be restored.
        case high = "H"

        /// Index into the per-level tables, in the order L, M, Q, H.
        var tableIndex: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }

        /// The two bits that stand for the level in the format information (Table 12).
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }
    }

    /// Modules per side, without the quiet zone: `4 × version + 17`.
    public let size: Int
    /// The symbol version, 1–40.
    public let version: Int
    /// The error correction level the symbol was encoded at.
    public let correction: Correction
    /// The mask pattern the encoder chose.
    let mask: QRMask
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    /// Encodes `bytes` in byte mode.
    ///
    /// - Throws: ``QRCodeError/dataTooLong(byteCount:limit:correction:)`` if even version 40 cannot hold them at
    ///   `correction` (2,953 bytes at L, 2,331 at M, 1,663 at Q, 1,273 at H).
    public init(encoding bytes: [UInt8], correction: Correction = .medium) throws {
        try self.init(encoding: bytes, correction: correction, version: nil, mask: nil)
    }

    /// Encodes the UTF-8 bytes of `text` in byte mode. Readers take byte-mode data that is valid UTF-8 as UTF-8.
    ///
    /// - Throws: ``QRCodeError/dataTooLong(byteCount:limit:correction:)`` if the text is too long for
    ///   version 40 at `correction`.
    public init(encoding text: String, correction: Correction = .medium) throws {
        try self.init(encoding: Array(text.utf8), correction: correction)
    }

    /// Encodes `bytes` in the given version (else the smallest that fits) with the given mask (else the one with
    /// the lowest penalty).
    init(encoding bytes: [UInt8], correction: Correction, version forcedVersion: Int?, mask forcedMask: QRMask?)
        throws
    {
        let fits = { (version: Int) in bytes.count <= QRTables.byteCapacity(version: version, correction: correction) }
        guard let version = forcedVersion ?? QRTables.versions.first(where: fits), fits(version) else {
            throw QRCodeError.dataTooLong(
                byteCount: bytes.count,
                limit: QRTables.byteCapacity(
                    version: forcedVersion ?? QRTables.versions.upperBound, correction: correction),
                correction: correction)
        }
        let data = QRCodewords.data(for: bytes, version: version, correction: correction)
        var matrix = QRMatrix(version: version)
        matrix.placeCodewords(QRCodewords.interleaved(data: data, version: version, correction: correction))

        let candidates = (forcedMask.map { [$0] } ?? QRMask.allCases).map { mask in
            var candidate = matrix
            candidate.apply(mask)
            candidate.drawFormatInformation(QRFormat.formatInformation(correction: correction, mask: mask))
            return (mask: mask, matrix: candidate)
        }
        // The lowest penalty wins; of equal penalties, the first (lowest-numbered) mask.
        let chosen =
            candidates.count == 1
            ? candidates[0] : candidates.map { ($0, QRPenalty.score($0.matrix)) }.min { $0.1 < $1.1 }!.0
        self.version = version
        self.correction = correction
        self.mask = chosen.mask
        size = matrix.size
        modules = chosen.matrix.modules
    }

    /// Whether the module in column `x`, row `y` is dark; (0, 0) is the top-left corner. Coordinates outside
    /// `0..<size` are the quiet zone, and light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}
