/// Splits a TCP byte stream into Noise frames: a 2-byte big-endian length, then that many bytes.
///
/// Pure and incremental: feed it whatever the socket delivered, then drain `nextFrame()`.
public struct FrameDecoder: Sendable {
    /// The largest frame body (a Noise message is at most 65535 bytes).
    public static let maxFrameLength = 65535

    private var buffer: [UInt8] = []
    private var readIndex = 0

    public init() {}

    /// Appends bytes received from the socket.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if readIndex > 0 && readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 65536 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil if more bytes are needed.
    /// - Throws: `WireError.malformedFrame` for a zero-length frame.
    public mutating func nextFrame() throws -> [UInt8]? {
        guard buffer.count - readIndex >= 2 else { return nil }
        let length = Int(buffer[readIndex]) << 8 | Int(buffer[readIndex + 1])
        guard length > 0 else { throw WireError(.malformedFrame, "a frame of length 0") }
        guard buffer.count - readIndex - 2 >= length else { return nil }
        let start = readIndex + 2
        readIndex = start + length
        return Array(buffer[start..<readIndex])
    }

    /// Bytes held that do not yet form a frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Prefixes `body` with its 2-byte length.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        precondition(!body.isEmpty && body.count <= maxFrameLength, "frame body must be 1…65535 bytes")
        return [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }
}
