import HearthWire
import NIOCore

/// Reads whole Noise frames from a connection's inbound byte stream.
struct FrameReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var decoder = FrameDecoder()

    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) {
        iterator = inbound.makeAsyncIterator()
    }

    /// The next frame, or nil when the peer closed the connection.
    /// - Throws: `WireError.malformedFrame` for an invalid frame, or the socket's error.
    mutating func next() async throws -> [UInt8]? {
        while true {
            if let frame = try decoder.nextFrame() { return frame }
            guard let buffer = try await iterator.next() else {
                if decoder.bufferedByteCount > 0 {
                    throw WireError(.malformedFrame, "the connection closed in the middle of a frame")
                }
                return nil
            }
            decoder.append(buffer.readableBytesView)
        }
    }
}
