import CSodium

/// Secret bytes in memory that is zeroed when the last reference goes away.
///
/// Immutable after creation, so it can be shared between tasks.
public final class SecureBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into secure storage and wipes the caller's array.
    public init(consuming bytes: inout [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        buffer = storage
        count = bytes.count
        wipe(&bytes)
    }

    /// Copies `bytes` into secure storage.
    public convenience init(copying bytes: [UInt8]) {
        var copy = bytes
        self.init(consuming: &copy)
    }

    /// Number of secret bytes held.
    public let count: Int

    deinit {
        _ = Sodium.ready
        sodium_memzero(buffer.baseAddress!, buffer.count)
        buffer.deallocate()
    }

    /// Calls `body` with a read-only view of the secret.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
    }

    /// A copy of the secret as an ordinary array; the caller must `wipe` it after use.
    public func copyBytes() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
