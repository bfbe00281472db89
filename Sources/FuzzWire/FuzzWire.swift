import Foundation
import FuzzSupport
import HearthCrypto
import HearthWire

/// Feeds untrusted bytes through every decoder a peer can reach: frames, message records,
/// envelopes, change bodies, base32. None of them may trap.
enum FuzzWire {
    static func run(_ bytes: [UInt8]) {
        var frames = FrameDecoder()
        frames.append(bytes)
        var assembler = MessageAssembler()
        while let frame = try? frames.nextFrame() {
            assembler.append(frame)
            while let message = try? assembler.nextMessage() {
                decodeEnvelope(message)
            }
        }
        decodeEnvelope(bytes)
        if let body = try? WireChangeBody.decode(bytes) { _ = body.ops.count }
        _ = try? Base32.decode(String(decoding: bytes.prefix(128), as: UTF8.self))
    }

    private static func decodeEnvelope(_ bytes: [UInt8]) {
        guard let envelope = try? WireEnvelope.decode(bytes) else { return }
        if case .changes(let batch) = envelope.body {
            for change in batch.changes { _ = try? WireChangeBody.decode([UInt8](change.body)) }
        }
        _ = envelope.encoded()
    }

    /// Valid messages of every kind, written as the starting corpus.
    static func seeds() -> [String: [UInt8]] {
        let body = WireChangeBody.with {
            $0.author = Data(repeating: 7, count: 32)
            $0.seq = 3
            $0.hlc = 1 << 40
            $0.deps = [
                .with {
                    $0.author = Data(repeating: 9, count: 32); $0.seq = 1
                }
            ]
            $0.ops = [
                .with {
                    $0.object = Data(repeating: 5, count: 16); $0.kind = "chat.channel"; $0.body = Data([0x1a, 0x00])
                    $0.payloadHash = Data(repeating: 6, count: 32)
                },
                .with {
                    $0.object = Data(repeating: 8, count: 16); $0.kind = "tally.counter"; $0.body = Data([1, 2, 3])
                },
            ]
        }
        let envelopes: [String: WireEnvelope] = [
            "hello": .with {
                $0.hello = .with {
                    $0.protocolVersion = 2; $0.nodeID = Data(repeating: 1, count: 32); $0.displayName = "bob"
                }
            },
            "ping": .with { $0.ping = .with { $0.nonce = 42 } },
            "sync-request": .with {
                $0.syncRequest = .with {
                    $0.requestID = 1;
                    $0.have.entries = [
                        .with {
                            $0.author = Data(repeating: 2, count: 32); $0.seq = 10
                        }
                    ]
                }
            },
            "changes": .with {
                $0.changes.changes = [
                    .with {
                        $0.body = try! body.serializedBytes(); $0.signature = Data(repeating: 0, count: 64)
                        $0.payloads = [
                            .with {
                                $0.op = 0; $0.data = Data("gg".utf8)
                            }
                        ]
                    }
                ]
            },
            "sync-done": .with { $0.syncDone.requestID = 1 },
            "error": .with {
                $0.error = .with {
                    $0.code = 1; $0.message = "bad"
                }
            },
        ]
        var seeds: [String: [UInt8]] = [:]
        for (name, envelope) in envelopes {
            let chunks = try! MessageAssembler.chunks(of: envelope.encoded(), chunkLength: 40)
            seeds[name] = chunks.flatMap { FrameDecoder.frame($0) }
        }
        seeds["change-body"] = try! body.serializedBytes()
        return seeds
    }
}

#if HEARTH_FUZZ
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzWireTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        FuzzWire.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without libFuzzer: replays the corpus, or writes the seeds (see `CorpusReplay`).
    @main
    struct FuzzWireReplay {
        static func main() throws {
            try CorpusReplay.main(name: "FuzzWire", seeds: FuzzWire.seeds, run: FuzzWire.run)
        }
    }
#endif
