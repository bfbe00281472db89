extension QRCode {
    /// The symbol as lines of text for a terminal with a dark background, two rows of modules per line.
    ///
    /// Each character stands for a module of one row (its top half) and the module below it (its bottom half),
    /// drawn with the half blocks `▀`, `▄`, `█` and space. Readers need dark modules on a light ground, and on a
    /// dark-background terminal only the glyphs are light, so the **light** modules (and the quiet zone) are the
    /// glyphs, in the terminal's light foreground colour, and the **dark** modules are spaces, where the dark
    /// background shows through. A phone reads the result from a dark-background terminal as an ordinary QR code.
    /// On a terminal with a light background the code comes out inverted (light on dark), which many readers
    /// cannot read.
    ///
    /// A symbol and its quiet zone always have an odd number of rows, so the bottom half of the last line is left
    /// to the terminal's background.
    ///
    /// - Parameter quietZone: Light modules around the symbol. The standard asks for 4; 2 is usually enough for a
    ///   phone reading a screen, and keeps the code small.
    public func terminalLines(quietZone: Int = 2) -> [String] {
        precondition(quietZone >= 0, "quietZone must not be negative")
        let range = -quietZone..<(size + quietZone)
        func isLit(x: Int, y: Int) -> Bool { range.contains(y) && !isDark(x: x, y: y) }
        return stride(from: range.lowerBound, to: range.upperBound, by: 2).map { top in
            String(
                range.map { x -> Character in
                    switch (isLit(x: x, y: top), isLit(x: x, y: top + 1)) {
                    case (true, true): "█"
                    case (true, false): "▀"
                    case (false, true): "▄"
                    case (false, false): " "
                    }
                })
        }
    }
}
