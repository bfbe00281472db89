import Foundation
import HearthWire
import Testing

@Suite struct FramingTests {
    @Test func framesSurviveArbitrarySplitting() throws {
        let bodies: [[UInt8]] = [[1], Array(repeating: 7, count: 300), Array(repeating: 9, count: 65535)]
        let stream = bodies.flatMap(FrameDecoder.frame)
        for split in [1, 2, 3, 1000, stream.count] {
            var decoder = FrameDecoder()
            var frames: [[UInt8]] = []
            for start in stride(from: 0, to: stream.count, by: split) {
                decoder.append(stream[start..<min(start + split, stream.count)])
                while let frame = try decoder.nextFrame() { frames.append(frame) }
            }
            #expect(frames == bodies)
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test func aZeroLengthFrameIsMalformed() {
        var decoder = FrameDecoder()
        decoder.append([0, 0, 1])
        #expect(throws: WireError.self) { try decoder.nextFrame() }
    }

    @Test func largeMessagesSpanFramesAndReassemble() throws {
        let message = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        let chunks = try MessageAssembler.chunks(of: message, chunkLength: 65519)
        #expect(chunks.count == 4)
        #expect(chunks.allSatisfy { $0.count <= 65519 })
        var assembler = MessageAssembler()
        var received: [[UInt8]] = []
        for chunk in chunks {
            assembler.append(chunk)
            while let next = try assembler.nextMessage() { received.append(next) }
        }
        #expect(received == [message])
    }

    @Test func anAnnouncedMessageOverTheLimitIsRejected() {
        var assembler = MessageAssembler()
        assembler.append([0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: WireError.self) { try assembler.nextMessage() }
    }

    @Test func garbageIsNotAnEnvelope() {
        #expect(throws: WireError.self) { try WireEnvelope.decode([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }
    }

    @Test func unknownFieldsAndKindsAreTolerated() throws {
        // Envelope field 99 (a kind from a future version), length-delimited, 2 bytes.
        let future: [UInt8] = [0x9A, 0x06, 0x02, 0x08, 0x01]
        let envelope = try WireEnvelope.decode(future)
        #expect(envelope.body == nil)
        // A known Ping carrying an unknown field 7 still decodes.
        let ping = try WireEnvelope.decode([0x12, 0x04, 0x08, 0x2A, 0x38, 0x01])
        #expect(ping.ping.nonce == 42)
    }

    @Test func changeVectorsDecodeAndEncodeToTheSameBytes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protocol/vectors/changes.json")
        struct Vectors: Decodable {
            struct Change: Decodable {
                var seq: String
                var hlc: String
                var body: String
                var signedChange: String
            }
            var changes: [Change]
        }
        func hex(_ text: String) -> [UInt8] {
            stride(from: 0, to: text.count, by: 2).map { offset in
                let start = text.index(text.startIndex, offsetBy: offset)
                return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
            }
        }
        let vectors = try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
        for change in vectors.changes {
            let signed = try WireSignedChange(serializedBytes: hex(change.signedChange))
            let body = try WireChangeBody.decode([UInt8](signed.body))
            #expect([UInt8](signed.body) == hex(change.body))
            #expect(String(body.seq) == change.seq)
            #expect(String(body.hlc) == change.hlc)
            #expect(body.ops.allSatisfy { $0.object.count == 16 && $0.kind == "chat.channel" })
            #expect(try body.serializedBytes() == hex(change.body), "Swift encodes the same bytes")
            #expect(try signed.serializedBytes() == hex(change.signedChange))
        }
    }
}
