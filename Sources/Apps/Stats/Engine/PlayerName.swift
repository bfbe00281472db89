/// Player names as Quake III–family games write them, colour codes included (`^1Sar^7ge`).
public enum PlayerName {
    /// The name without colour codes: `^0` … `^9` are removed and `^^`, an escaped caret, becomes
    /// one `^` (as XonStat and DarkPlaces read it); any other `^` is kept as it is.
    ///
    /// `^1Sar^7ge` → `Sarge`; `^^1337` → `^1337`; `a^b^` → `a^b^`.
    public static func plain(_ name: String) -> String {
        let caret = UInt8(ascii: "^")
        let bytes = Array(name.utf8)
        guard bytes.contains(caret) else { return name }
        var plain: [UInt8] = []
        plain.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == caret, index + 1 < bytes.count {
                let next = bytes[index + 1]
                if next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                    index += 2
                    continue
                }
                if next == caret {
                    plain.append(caret)
                    index += 2
                    continue
                }
            }
            plain.append(byte)
            index += 1
        }
        return String(decoding: plain, as: UTF8.self)
    }
}
