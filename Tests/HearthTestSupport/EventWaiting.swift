import HearthNode

/// A test waited too long for something that should have happened.
public struct TestTimeout: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String = "timed out") { self.description = description }
}

extension AsyncStream where Element == NodeEvent {
    /// Reads events until one satisfies `condition`, and returns it.
    /// - Throws: `TestTimeout` when none does within `timeout` (a safety net, not a delay).
    public func first(
        within timeout: Duration = .seconds(20), where condition: @escaping @Sendable (NodeEvent) -> Bool
    ) async throws -> NodeEvent {
        let stream = self
        return try await withThrowingTaskGroup(of: NodeEvent?.self) { group in
            group.addTask {
                for await event in stream where condition(event) { return event }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let event = try await group.next() ?? nil else {
                throw TestTimeout("no matching event in \(timeout)")
            }
            return event
        }
    }
}
