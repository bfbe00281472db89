/// Why a message could not be made into a QR code.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message is longer than the largest symbol (version 40) holds at the requested error correction level;
    /// `limit` is the most bytes it holds. A lower level, or a shorter message, may fit.
    case dataTooLong(byteCount: Int, limit: Int, correction: QRCode.Correction)

    public var description: String {
        switch self {
        case .dataTooLong(let byteCount, let limit, let correction):
            "QR code data too long: \(byteCount) bytes, but at most \(limit) bytes fit at error correction level "
                + "\(correction.rawValue)"
        }
    }
}
