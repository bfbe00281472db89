extension QRCode {
    /// The symbol as a standalone SVG document: a white background and one black `<path>` of the dark modules.
    ///
    /// The view box counts in modules, quiet zone included, so the image scales cleanly; `width` and `height`
    /// give its natural size in pixels. `shape-rendering="crispEdges"` keeps neighbouring modules from showing
    /// anti-aliased seams.
    ///
    /// - Parameters:
    ///   - moduleSize: Pixels per module for the `width` and `height` attributes; at least 1.
    ///   - quietZone: Light modules around the symbol; readers expect 4, and may fail with fewer.
    ///   - title: An accessible name for the image, written as its `<title>` (shown as a tooltip, read by screen
    ///     readers). The image always has `role="img"`.
    public func svg(moduleSize: Int = 8, quietZone: Int = 4, title: String? = nil) -> String {
        precondition(moduleSize >= 1, "moduleSize must be at least 1")
        precondition(quietZone >= 0, "quietZone must not be negative")
        let side = size + 2 * quietZone
        let pixels = side * moduleSize
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 \(side) \(side)\" "
        svg += "width=\"\(pixels)\" height=\"\(pixels)\" role=\"img\" shape-rendering=\"crispEdges\">"
        if let title { svg += "<title>\(Self.escapedXML(title))</title>" }
        svg += "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
        svg += "<path fill=\"#000\" d=\""
        // One rectangle per horizontal run of dark modules keeps the path short.
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                svg += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        svg += "\"/></svg>"
        return svg
    }

    /// `text` with the characters that XML reserves replaced by references.
    static func escapedXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
