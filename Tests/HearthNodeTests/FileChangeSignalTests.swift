import Foundation
import HearthTestSupport
import Testing

@testable import HearthStats

/// The wake-up behind a followed log: a write to the file ends a wait long before its timeout,
/// and a write made while nobody waits is not lost.
@Suite struct FileChangeSignalTests {
    /// Whether `wait` returned before `bound` (a bound that is reached only if the wake-up is lost).
    static func returns(_ wait: @escaping @Sendable () async -> Void, within bound: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await wait()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: bound)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    static func append(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    @Test func aWriteWakesTheWaiter() async throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("games.log")
        try Data().write(to: file)
        let signal = FileChangeSignal(path: file.path)
        try #require(signal.isWatching)
        let waiting = Task { await signal.wait(upTo: .seconds(3600)) }
        let writer = Task {
            // Writes until the waiter has returned: the first may land before the wait began,
            // which is the other test's case.
            for number in 0..<600 where !Task.isCancelled {
                try? Self.append("  0:0\(number % 10) Item: 0 weapon_shotgun\n", to: file)
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        defer { writer.cancel() }
        #expect(await Self.returns({ await waiting.value }, within: .seconds(30)))
    }

    @Test func aWriteBetweenWaitsIsKeptAndOtherFilesAreIgnored() async throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("games.log")
        try Data().write(to: file)
        let signal = FileChangeSignal(path: file.path)
        try #require(signal.isWatching)
        try Self.append("  0:00 InitGame: \\mapname\\oa_dm1\n", to: file)
        // The event reaches the signal asynchronously; the wait that follows sees it, at once
        // or when it lands, well before the hour is up.
        #expect(await Self.returns({ await signal.wait(upTo: .seconds(3600)) }, within: .seconds(30)))
        // Writes to another file in the folder do not wake it: the wait runs to its timeout.
        try Data("other".utf8).write(to: folder.url.appendingPathComponent("qconsole.log"))
        let started = ContinuousClock.now
        await signal.wait(upTo: .milliseconds(300))
        #expect(ContinuousClock.now - started >= .milliseconds(290))
    }
}
