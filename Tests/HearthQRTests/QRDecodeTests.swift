import Foundation
import HearthQR
import Testing

/// Round trips through a real, independent decoder: ZBar's `zbarimg` (Debian package `zbar-tools`) reads each
/// symbol from an image and must give back exactly the bytes that went in.
struct QRDecodeTests {
    static let invite = "hearth://join/lanparty?k=" + "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3EMVTG"

    /// 300 bytes of UTF-8: ASCII, accented letters, a dash and emoji.
    static let emojiText: String = {
        var text = ""
        for word in ["Hearth", "🔥", "LAN", "party", "—", "Grüße", "à", "tous", "🏠✨", "🎮"].cycled() {
            guard text.utf8.count + word.utf8.count + 1 <= 300 else { break }
            text += word + " "
        }
        return text + String(repeating: ".", count: 300 - text.utf8.count)
    }()

    /// Long enough to need version 7 or more at every level, so the version information must be right.
    static let versionInformationText = String(repeating: "0123456789abcdef", count: 10)

    static let texts = ["h", invite, emojiText, versionInformationText]

    @Test(arguments: texts, QRCode.Correction.allCases)
    func zbarReadsBackTheText(_ text: String, _ correction: QRCode.Correction) throws {
        let code = try QRCode(encoding: text, correction: correction)
        if text == Self.versionInformationText { #expect(code.version >= 7) }
        if text == Self.emojiText { #expect(text.utf8.count == 300) }
        let decoded = try Self.decode(code)
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == text, "version \(code.version)")
    }

    /// Arbitrary bytes (not UTF-8) filling version 40 at each level.
    @Test(arguments: QRCode.Correction.allCases)
    func zbarReadsBackAFullVersion40Symbol(_ correction: QRCode.Correction) throws {
        let limit = ["L": 2953, "M": 2331, "Q": 1663, "H": 1273][correction.rawValue]!
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<limit).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let code = try QRCode(encoding: bytes, correction: correction)
        #expect(code.version == 40)
        #expect(try Self.decode(code) == bytes)
    }

    /// The terminal rendering as a dark-background terminal shows it (lit halves white, the rest black, a black
    /// margin of terminal around it) reads back like the symbol.
    @Test(arguments: [invite, emojiText])
    func zbarReadsTheTerminalRenderingOffADarkTerminal(_ text: String) throws {
        let lines = try QRCode(encoding: text, correction: .low).terminalLines()
        let cell = 4  // pixels per module; a character cell is one module wide and two tall
        let margin = 6 * cell
        let width = lines[0].count * cell + 2 * margin
        let height = lines.count * 2 * cell + 2 * margin
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (row, line) in lines.enumerated() {
            for (column, character) in line.enumerated() {
                let halves: [Bool] =
                    switch character {
                    case "█": [true, true]
                    case "▀": [true, false]
                    case "▄": [false, true]
                    default: [false, false]
                    }
                for (half, lit) in halves.enumerated() where lit {
                    for dy in 0..<cell {
                        let y = margin + (2 * row + half) * cell + dy
                        for dx in 0..<cell { pixels[y * width + margin + column * cell + dx] = 255 }
                    }
                }
            }
        }
        let image = Data("P5\n\(width) \(height)\n255\n".utf8) + Data(pixels)
        #expect(try Self.decode(image: image) == Array(text.utf8))
    }

    /// The bytes `zbarimg` reads from the symbol drawn as a greyscale image, or nil if it finds no symbol.
    static func decode(_ code: QRCode, moduleSize: Int = 4, quietZone: Int = 4) throws -> [UInt8]? {
        try decode(image: pgm(code, moduleSize: moduleSize, quietZone: quietZone))
    }

    /// The bytes `zbarimg` reads from a PGM image, or nil if it finds no symbol.
    static func decode(image pgm: Data) throws -> [UInt8]? {
        guard let zbarimg = executable(named: "zbarimg") else {
            Issue.record("zbarimg not found: install the Debian package zbar-tools (scripts/setup installs it)")
            return nil
        }
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-qr-\(UUID().uuidString).pgm")
        try pgm.write(to: image)
        defer { try? FileManager.default.removeItem(at: image) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        // -Sbinary: the symbol's bytes as they are, without guessing a character set or adding a newline.
        process.arguments = ["--raw", "-q", "-Sbinary", image.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // zbarimg exits with 4 when it finds no symbol.
        return process.terminationStatus == 0 ? [UInt8](data) : nil
    }

    /// A binary greyscale image (PGM "P5"): black dark modules on white, with a white quiet zone.
    static func pgm(_ code: QRCode, moduleSize: Int, quietZone: Int) -> Data {
        let side = (code.size + 2 * quietZone) * moduleSize
        var image = Data("P5\n\(side) \(side)\n255\n".utf8)
        image.reserveCapacity(image.count + side * side)
        for row in 0..<side {
            let y = row / moduleSize - quietZone
            for column in 0..<side {
                image.append(code.isDark(x: column / moduleSize - quietZone, y: y) ? 0 : 255)
            }
        }
        return image
    }

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

extension Array {
    /// The elements over and over, without end.
    fileprivate func cycled() -> some Sequence<Element> {
        sequence(state: 0) { index in
            defer { index += 1 }
            return self[index % count]
        }
    }
}
