import HearthCrypto
import HearthMachines
import HearthWire

/// A signed change together with its key, so relays need not decode it again.
public struct KeyedChange: Sendable {
    public var key: ChangeKey
    public var signed: WireSignedChange

    public init(key: ChangeKey, signed: WireSignedChange) {
        self.key = key
        self.signed = signed
    }
}

extension KeyedChange {
    /// Bytes of body, signature and payloads: roughly what it costs on the wire.
    public var byteCount: Int {
        signed.payloads.reduce(signed.body.count + signed.signature.count) { $0 + $1.data.count }
    }

    /// The most bytes of changes sent in one `ChangeBatch`, well under the 16 MiB message limit
    /// even for the largest change (1 MiB).
    public static let batchByteLimit = 4 << 20
}

extension Array where Element == KeyedChange {
    /// Consecutive groups of at most `KeyedChange.batchByteLimit` bytes (a larger change alone).
    public func splitForBatches() -> [[KeyedChange]] {
        var batches: [[KeyedChange]] = []
        var current: [KeyedChange] = []
        var bytes = 0
        for change in self {
            let size = change.byteCount
            if !current.isEmpty && bytes + size > KeyedChange.batchByteLimit {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(change)
            bytes += size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
