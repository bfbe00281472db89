/// The penalty score of a masked symbol (ISO/IEC 18004 §7.8.3, Table 11); the encoder keeps the mask with the
/// lowest. Lower is easier to read: fewer long runs and blocks of one colour, fewer finder look-alikes, and a
/// balance of dark and light.
enum QRPenalty {
    static let runWeight = 3  // N1
    static let blockWeight = 3  // N2
    static let finderLikeWeight = 40  // N3
    static let balanceWeight = 10  // N4

    /// The sum of the four rules' penalties, over all rows and all columns.
    static func score(_ matrix: QRMatrix) -> Int {
        let size = matrix.size
        var total = 0
        var line = [Bool](repeating: false, count: size)
        for index in 0..<size {
            for offset in 0..<size { line[offset] = matrix[offset, index] }
            total += lineScore(line)
            for offset in 0..<size { line[offset] = matrix[index, offset] }
            total += lineScore(line)
        }
        total += blockScore(matrix) + balanceScore(matrix)
        return total
    }

    /// Rules 1 and 3 for one row or column.
    static func lineScore(_ line: [Bool]) -> Int {
        runScore(line) + finderLikeScore(line)
    }

    /// Rule 1: every run of five or more modules of one colour scores N1 + (length − 5).
    static func runScore(_ line: [Bool]) -> Int {
        var score = 0
        var runStart = 0
        for index in 1...line.count where index == line.count || line[index] != line[runStart] {
            let length = index - runStart
            if length >= 5 { score += runWeight + length - 5 }
            runStart = index
        }
        return score
    }

    /// Rule 3: every dark-light-dark-dark-dark-light-dark (1:1:3:1:1) pattern with four light modules before or
    /// after it scores N3. Beyond the edge of the symbol lies the light quiet zone.
    static func finderLikeScore(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        guard line.count >= pattern.count else { return 0 }
        func isLight(from start: Int, to end: Int) -> Bool {
            for index in max(start, 0)..<min(end, line.count) where line[index] { return false }
            return true
        }
        var score = 0
        search: for start in 0...(line.count - pattern.count) {
            for offset in 0..<pattern.count where line[start + offset] != pattern[offset] { continue search }
            if isLight(from: start - 4, to: start) || isLight(from: start + 7, to: start + 11) {
                score += finderLikeWeight
            }
        }
        return score
    }

    /// Rule 2: every 2×2 block of one colour (blocks may overlap) scores N2, so an m×n area scores N2·(m−1)(n−1).
    static func blockScore(_ matrix: QRMatrix) -> Int {
        var score = 0
        for y in 0..<(matrix.size - 1) {
            for x in 0..<(matrix.size - 1) {
                let colour = matrix[x, y]
                if matrix[x + 1, y] == colour && matrix[x, y + 1] == colour && matrix[x + 1, y + 1] == colour {
                    score += blockWeight
                }
            }
        }
        return score
    }

    /// Rule 4: N4 for every full 5% that the share of dark modules lies away from 50%.
    static func balanceScore(_ matrix: QRMatrix) -> Int {
        let total = matrix.modules.count
        let dark = matrix.modules.lazy.filter { $0 }.count
        let steps = abs(dark * 20 - total * 10) / total
        return balanceWeight * steps
    }
}
