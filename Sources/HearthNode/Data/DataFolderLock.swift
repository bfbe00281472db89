import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exclusive use of a data folder by one running node, as PostgreSQL's `postmaster.pid`: an
/// `flock` on `DIR/lock`, which holds the owner's pid. The kernel drops the lock when the
/// process ends, however it ends, so a crash never leaves the folder locked.
public final class DataFolderLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, or fails at once if another process holds it.
    /// - Throws: `NodeError.dataFolder` naming the pid of the node that runs there.
    public init(_ folder: DataFolder) throws {
        path = folder.url.appendingPathComponent("lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw NodeError(.dataFolder, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let held = errno == EWOULDBLOCK
            let owner = Self.readPID(descriptor)
            close(descriptor)
            guard held else { throw NodeError(.dataFolder, "cannot lock \(path): \(String(cString: strerror(errno)))") }
            throw NodeError(
                .dataFolder,
                "another Hearth node\(owner.map { " (pid \($0))" } ?? "") is already running on the data folder \(folder.path). Stop it first\(owner.map { " (kill \($0))" } ?? ""), or give this one another folder with --data"
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
