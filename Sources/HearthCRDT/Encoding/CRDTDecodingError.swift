/// Why bytes could not be decoded as a CRDT state or op batch.
public enum CRDTDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(at: Int)
    case overlongVarint(at: Int)
    case implausibleCount(UInt64, at: Int)
    case invalidUTF8(at: Int)
    case trailingBytes(count: Int)
    case unknownTag(UInt8, at: Int)
    case invalidValue(String)
    case unsupportedVersion(UInt64)

    public var description: String {
        switch self {
        case .truncated(let offset): "the data ends early (at byte \(offset))"
        case .overlongVarint(let offset): "a number at byte \(offset) is longer than 64 bits"
        case .implausibleCount(let value, let offset): "a count of \(value) at byte \(offset) exceeds the data"
        case .invalidUTF8(let offset): "the text at byte \(offset) is not UTF-8"
        case .trailingBytes(let count): "\(count) unexpected bytes follow the data"
        case .unknownTag(let tag, let offset): "unknown tag \(tag) at byte \(offset)"
        case .invalidValue(let what): "invalid value: \(what)"
        case .unsupportedVersion(let version): "encoding version \(version) is not supported"
        }
    }
}
