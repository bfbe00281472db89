/// The square grid of modules of one symbol while it is being built (ISO/IEC 18004 §7.7–§7.9).
///
/// Every module is dark or light, and is either a *function module* (finder, separator, timing, alignment,
/// format or version information, the dark module) or holds a bit of the codewords. Masks apply only to the
/// latter.
struct QRMatrix: Sendable {
    let version: Int
    let size: Int
    /// Row-major, `true` for dark.
    private(set) var modules: [Bool]
    /// Row-major, `true` where a function pattern is (or its area is reserved for format information).
    private(set) var isFunction: [Bool]

    /// A symbol of `version` with its function patterns drawn and the format information areas reserved.
    init(version: Int) {
        precondition(QRTables.versions.contains(version), "QR versions are 1...40")
        self.version = version
        size = QRTables.size(version: version)
        modules = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
        drawFunctionPatterns()
    }

    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    func isFunction(x: Int, y: Int) -> Bool { isFunction[y * size + x] }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns

    private mutating func drawFunctionPatterns() {
        // Timing patterns first: the finders and alignment patterns drawn afterwards overwrite their ends.
        for index in 0..<size {
            setFunction(x: index, y: 6, dark: index % 2 == 0)
            setFunction(x: 6, y: index, dark: index % 2 == 0)
        }
        drawFinderPattern(centerX: 3, centerY: 3)
        drawFinderPattern(centerX: size - 4, centerY: 3)
        drawFinderPattern(centerX: 3, centerY: size - 4)

        let centers = QRTables.alignmentPatternCenters[version - 1]
        for (row, y) in centers.enumerated() {
            for (column, x) in centers.enumerated() {
                let overlapsFinder =
                    (row == 0 && column == 0) || (row == 0 && column == centers.count - 1)
                    || (row == centers.count - 1 && column == 0)
                if !overlapsFinder { drawAlignmentPattern(centerX: x, centerY: y) }
            }
        }

        // Reserve the format information areas (drawn for real once the mask is known) and set the dark module.
        drawFormatInformation(0)
        setFunction(x: 8, y: size - 8, dark: true)
        drawVersionInformation()
    }

    /// A 7×7 finder (dark ring, light ring, dark 3×3 centre) with its light one-module separator, clipped to the
    /// symbol.
    private mutating func drawFinderPattern(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx
                let y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))  // 0 centre … 3 outer edge, 4 separator
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// A 5×5 alignment pattern: dark ring, light ring, dark centre module.
    private mutating func drawAlignmentPattern(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    // MARK: Format and version information

    /// Draws both copies of the 15-bit format information (§7.9.1). Bit 0 is the least significant.
    mutating func drawFormatInformation(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Around the top-left finder: bits 0–7 down column 8 (skipping the timing row), bits 8–14 leftwards
        // along row 8 (skipping the timing column).
        for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }
        // Split between the other two finders: bits 0–7 leftwards from the right edge along row 8, bits 8–14
        // down column 8 to the bottom edge.
        for index in 0..<8 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
    }

    /// Draws both copies of the 18-bit version information (§7.10) for versions 7 and up: a 6×3 block above the
    /// bottom-left finder and its transpose left of the top-right finder.
    private mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        let bits = QRFormat.versionInformation(version: version)
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let along = index / 3
            let across = size - 11 + index % 3
            setFunction(x: along, y: across, dark: dark)
            setFunction(x: across, y: along, dark: dark)
        }
    }

    // MARK: Codewords

    /// Places the codewords' bits, most significant first, in the modules that are not function modules
    /// (§7.7.3): two columns at a time from the right edge, zig-zagging up then down, right column before left,
    /// skipping the vertical timing column. Modules left over (the remainder bits) stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        var upward = true
        while right > 0 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction(x: x, y: y) {
                    if bitIndex < bitCount {
                        self[x, y] = (codewords[bitIndex / 8] >> (7 - UInt8(bitIndex % 8))) & 1 == 1
                    }
                    bitIndex += 1
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// Inverts every non-function module that `mask` selects. Applying the same mask twice undoes it.
    mutating func apply(_ mask: QRMask) {
        for y in 0..<size {
            for x in 0..<size where !isFunction(x: x, y: y) && mask.inverts(x: x, y: y) {
                self[x, y].toggle()
            }
        }
    }
}
