import HearthCrypto
import HearthMachines

/// A change in the simulation: its key and deps stand for a signed change; `bytes` for its size.
public struct SimulatedChange: BufferableChange, Sendable {
    public var key: ChangeKey
    public var deps: [ChangeKey]
    public var byteCount: Int
    /// Which version of (author, seq) this is; an equivocating author signs two.
    public var version: UInt8 = 0
    /// When it was made, for delivery times.
    public var madeAt: Double
    /// Links this copy crossed since its author.
    public var hops: UInt16 = 0

    public var fingerprint: [UInt8] { [version] }
}
