/// RFC 4648 base32 with the lowercase alphabet and no padding, as used for node ids and keys.
public enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, char) in alphabet.enumerated() {
            table[Int(char)] = Int8(index)
            if char >= UInt8(ascii: "a") { table[Int(char) - 32] = Int8(index) }  // accept uppercase letters
        }
        return table
    }()

    /// Encodes `bytes` as lowercase base32 without padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((accumulator >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((accumulator << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base32 text (either case, no padding).
    /// - Throws: `CryptoError.invalidEncoding` on a character outside the alphabet.
    public static func decode(_ text: String) throws -> [UInt8] {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for char in text.utf8 {
            let value = reverse[Int(char)]
            guard value >= 0 else { throw CryptoError(.invalidEncoding, "'\(text)' is not base32") }
            accumulator = (accumulator << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }
}
