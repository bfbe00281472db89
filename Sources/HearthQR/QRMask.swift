/// One of the eight data mask patterns (ISO/IEC 18004 §7.8.2, Table 10). Masking inverts the codeword modules
/// where the pattern's condition holds, to break up large areas of one colour and shapes that look like finders.
struct QRMask: RawRepresentable, Hashable, Sendable, CaseIterable {
    /// The mask pattern reference, 0–7, as written in the format information.
    let rawValue: Int

    init?(rawValue: Int) {
        guard (0..<8).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    static let allCases = (0..<8).map { QRMask(rawValue: $0)! }

    /// Whether the pattern inverts the module in column `x`, row `y` (Table 10 names them j and i).
    @inline(__always)
    func inverts(x: Int, y: Int) -> Bool {
        switch rawValue {
        case 0: (y + x) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (y + x) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (y * x) % 2 + (y * x) % 3 == 0
        case 6: ((y * x) % 2 + (y * x) % 3) % 2 == 0
        default: ((y + x) % 2 + (y * x) % 3) % 2 == 0
        }
    }
}
