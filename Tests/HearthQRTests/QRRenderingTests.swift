import Testing

@testable import HearthQR

struct QRRenderingTests {
    @Test func svgHasABackgroundOnePathAndAnAccessibleName() throws {
        let code = try QRCode(encoding: "hearth://join/x", correction: .low)
        let svg = code.svg(moduleSize: 5, quietZone: 4, title: "Join \"x\" & <friends>")
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("width=\"\(side * 5)\" height=\"\(side * 5)\""))
        #expect(svg.contains("role=\"img\"") && svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<title>Join &quot;x&quot; &amp; &lt;friends&gt;</title>"))
        #expect(svg.contains("<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"))
        #expect(svg.ranges(of: "<path").count == 1)
        #expect(svg.hasSuffix("\"/></svg>"))
        #expect(!code.svg().contains("<title>"))
    }

    /// Redraws the path's rectangles and compares them with the modules.
    @Test func svgPathCoversExactlyTheDarkModules() throws {
        let code = try QRCode(encoding: "Hearth 🔥", correction: .high)
        let quiet = 3
        let svg = code.svg(quietZone: quiet)
        let d = svg.split(separator: "d=\"")[1].prefix { $0 != "\"" }
        var drawn = Set<[Int]>()
        for rectangle in d.split(separator: "z") {
            // M<x> <y>h<w>v1h-<w>
            let numbers = rectangle.split(whereSeparator: { "Mhv -".contains($0) }).map { Int($0)! }
            #expect(numbers.count == 5 && numbers[3] == 1 && numbers[4] == numbers[2])
            for x in numbers[0]..<(numbers[0] + numbers[2]) { drawn.insert([x - quiet, numbers[1] - quiet]) }
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size { for x in 0..<code.size where code.isDark(x: x, y: y) { dark.insert([x, y]) } }
        #expect(drawn == dark)
    }

    /// Reads the half blocks back: a glyph's lit half is a light module, a dark half is a dark module.
    @Test(arguments: [0, 1, 2, 4])
    func terminalLinesShowLightModulesAsLitHalves(quietZone: Int) throws {
        let code = try QRCode(encoding: "hearth://join/lanparty", correction: .medium)
        let lines = code.terminalLines(quietZone: quietZone)
        let side = code.size + 2 * quietZone
        #expect(lines.count == (side + 1) / 2)
        for (row, line) in lines.enumerated() {
            let characters = Array(line)
            #expect(characters.count == side)
            for (column, character) in characters.enumerated() {
                let x = column - quietZone
                let top = 2 * row - quietZone
                let lit: (Bool, Bool) =
                    switch character {
                    case "█": (true, true)
                    case "▀": (true, false)
                    case "▄": (false, true)
                    case " ": (false, false)
                    default: (false, false)
                    }
                #expect("█▀▄ ".contains(character))
                #expect(lit.0 == !code.isDark(x: x, y: top), "line \(row) column \(column) top")
                let bottomInside = top + 1 < code.size + quietZone
                #expect(
                    lit.1 == (bottomInside && !code.isDark(x: x, y: top + 1)), "line \(row) column \(column) bottom")
            }
        }
    }
}
