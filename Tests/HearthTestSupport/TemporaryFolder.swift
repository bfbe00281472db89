import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
public final class TemporaryFolder: Sendable {
    public let url: URL

    /// - Parameter parent: where to make it (the system's temporary directory by default).
    public init(_ label: String = "hearth-test", inside parent: URL? = nil) throws {
        url = (parent ?? FileManager.default.temporaryDirectory).appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
