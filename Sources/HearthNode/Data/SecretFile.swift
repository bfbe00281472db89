import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small files readable by their owner only (mode 0600 from the moment they exist).
public enum SecretFile {
    /// Writes `bytes` atomically: a 0600 temporary file, then a rename over `path`.
    /// - Throws: `NodeError.dataFolder` when the file cannot be written.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw NodeError(.dataFolder, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw NodeError(.dataFolder, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The file's bytes, or nil when it does not exist.
    /// - Throws: `NodeError.dataFolder` when it exists but cannot be read.
    public static func read(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeError(.dataFolder, "cannot read \(path): check its owner and permissions")
        }
        return [UInt8](data)
    }
}
