/// Carries application messages of any size (up to `maxMessageLength`) over Noise frames.
///
/// The decrypted stream is a sequence of records, each a 4-byte big-endian length and that many
/// bytes of one protobuf `Envelope`; a record may span several frames and a frame may end in the
/// middle of one. See `Protocol/framing.md`.
public struct MessageAssembler: Sendable {
    /// The largest application message a node accepts (16 MiB).
    public static let maxMessageLength = 16 << 20

    private var buffer: [UInt8] = []
    private var readIndex = 0

    public init() {}

    /// Adds the plaintext of one decrypted frame.
    public mutating func append(_ plaintext: [UInt8]) {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        buffer.append(contentsOf: plaintext)
    }

    /// The next complete message, or nil if more frames are needed.
    /// - Throws: `WireError.messageTooLarge` when a record announces more than `maxMessageLength`.
    public mutating func nextMessage() throws -> [UInt8]? {
        guard buffer.count - readIndex >= 4 else { return nil }
        var length = 0
        for offset in 0..<4 { length = length << 8 | Int(buffer[readIndex + offset]) }
        guard length <= Self.maxMessageLength else {
            throw WireError(.messageTooLarge, "a message of \(length) bytes (limit \(Self.maxMessageLength))")
        }
        guard buffer.count - readIndex - 4 >= length else { return nil }
        let start = readIndex + 4
        readIndex = start + length
        let message = Array(buffer[start..<readIndex])
        if readIndex > 1 << 20 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        return message
    }

    /// Splits one message into frame plaintexts of at most `chunkLength` bytes each.
    /// - Throws: `WireError.messageTooLarge` when the message exceeds `maxMessageLength`.
    public static func chunks(of message: [UInt8], chunkLength: Int) throws -> [[UInt8]] {
        guard message.count <= maxMessageLength else {
            throw WireError(.messageTooLarge, "a message of \(message.count) bytes (limit \(maxMessageLength))")
        }
        let length = UInt32(message.count)
        let record =
            [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + message
        return stride(from: 0, to: record.count, by: chunkLength).map {
            Array(record[$0..<min($0 + chunkLength, record.count)])
        }
    }
}
