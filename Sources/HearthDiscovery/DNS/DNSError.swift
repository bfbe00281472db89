/// Why a DNS message was refused. mDNS packets come from anyone on the LAN: a malformed one is
/// ignored with this reason, never trusted in part.
public enum DNSError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(at: Int)
    case labelTooLong(at: Int)
    case nameTooLong(at: Int)
    /// A compression pointer that does not point strictly backwards (loops and forward jumps).
    case badPointer(at: Int)
    case reservedLabelType(at: Int)
    case implausibleCount(section: String, count: Int)
    case recordOverrunsItsLength(at: Int)
    case messageTooLarge(Int)

    public var description: String {
        switch self {
        case .truncated(let offset): "the message ends early (byte \(offset))"
        case .labelTooLong(let offset): "a label longer than 63 bytes at byte \(offset)"
        case .nameTooLong(let offset): "a name longer than 255 bytes at byte \(offset)"
        case .badPointer(let offset): "a compression pointer that does not point backwards at byte \(offset)"
        case .reservedLabelType(let offset): "a reserved label type at byte \(offset)"
        case .implausibleCount(let section, let count): "\(count) \(section) records cannot fit in the message"
        case .recordOverrunsItsLength(let offset): "record data that overruns its length at byte \(offset)"
        case .messageTooLarge(let size): "a message of \(size) bytes (at most 9,000)"
        }
    }
}
