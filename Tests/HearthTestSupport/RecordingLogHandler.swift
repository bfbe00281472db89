import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps every line, so tests can assert that a reason was logged.
public struct RecordingLogHandler: LogHandler {
    public final class Lines: Sendable {
        private let box = NIOLockedValueBox<[String]>([])
        public var all: [String] { box.withLockedValue { $0 } }
        func append(_ line: String) { box.withLockedValue { $0.append(line) } }
        public func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
        public func count(containing text: String) -> Int { all.filter { $0.contains(text) }.count }
    }

    let lines: Lines
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .debug

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let extra = (event.metadata ?? [:]).map { "\($0)=\($1)" }.sorted().joined(separator: " ")
        lines.append("\(event.level) \(event.message) \(extra)")
    }

    /// A logger whose lines end up in the returned collection.
    public static func logger(_ label: String) -> (Logger, Lines) {
        let lines = Lines()
        return (Logger(label: label) { _ in RecordingLogHandler(lines: lines) }, lines)
    }
}
