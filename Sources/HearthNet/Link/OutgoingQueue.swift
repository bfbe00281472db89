import HearthCrypto
import HearthWire

/// What one link has queued to send, in order, before encryption.
///
/// Messages keep their order. Pushed changes collect at the place of the first push since the
/// writer last took the queue: pushes that arrive while the writer is busy leave as one batch
/// (split only at `KeyedChange.batchByteLimit`) instead of one message each.
struct OutgoingQueue {
    private enum Item {
        /// A message's plaintext, already cut to frame size.
        case message([[UInt8]])
        /// Where the collected pushes go.
        case pushes
    }

    private var items: [Item] = []
    private var pushes: [KeyedChange] = []
    /// Bytes queued (messages' plaintext, pushed changes' size).
    private(set) var byteCount = 0

    var isEmpty: Bool { items.isEmpty }

    /// Queues `envelope`. Returns true when the queue was empty (the writer must be woken).
    /// - Throws: `WireError.messageTooLarge`; nothing is queued then.
    mutating func append(_ envelope: WireEnvelope) throws -> Bool {
        let chunks = try MessageAssembler.chunks(
            of: envelope.encoded(), chunkLength: NoiseTransport.maxPlaintextLength)
        byteCount += chunks.reduce(0) { $0 + $1.count }
        return add(.message(chunks))
    }

    /// Adds `changes` to the pushes. Returns true when the queue was empty.
    mutating func push(_ changes: [KeyedChange]) -> Bool {
        byteCount += changes.reduce(0) { $0 + $1.byteCount }
        let hadPushes = !pushes.isEmpty
        pushes += changes
        return hadPushes ? false : add(.pushes)
    }

    private mutating func add(_ item: Item) -> Bool {
        let wasEmpty = items.isEmpty
        items.append(item)
        return wasEmpty
    }

    /// Empties the queue: every frame's plaintext, in order, the pushes as `changes` messages
    /// with `pushed = true`.
    mutating func takeAll() -> [[UInt8]] {
        var plaintexts: [[UInt8]] = []
        for item in items {
            switch item {
            case .message(let chunks):
                plaintexts += chunks
            case .pushes:
                for batch in pushes.splitForBatches() {
                    let envelope = WireEnvelope.with {
                        $0.changes = .with {
                            $0.changes = batch.map(\.signed)
                            $0.pushed = true
                        }
                    }
                    // A batch of one change too large for a message cannot be pushed; the peer
                    // has no use for it either (its own check would refuse it).
                    guard
                        let chunks = try? MessageAssembler.chunks(
                            of: envelope.encoded(), chunkLength: NoiseTransport.maxPlaintextLength)
                    else { continue }
                    plaintexts += chunks
                }
            }
        }
        items = []
        pushes = []
        byteCount = 0
        return plaintexts
    }
}
