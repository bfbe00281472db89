import Foundation
import HearthTestSupport
import HearthWire
import Testing

@testable import HearthChat
@testable import HearthNode

/// A real full disk: a node's data folder on a 1 MB tmpfs (needs root, as in CI).
@Suite(.serialized) struct DiskFullTests {
    let alice = RemoteAuthor()

    static func mount(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestTimeout("mount \(arguments) failed") }
    }

    @Test func aNodeWhoseDiskFilledLogsOnceAndResumesByItselfOnceSpaceIsFreed() async throws {
        guard getuid() == 0 else {
            print("DiskFullTests skipped: mounting a small tmpfs needs root (scripts/test runs as root in CI)")
            return
        }
        let mountPoint = try TemporaryFolder("hearth-tmpfs")
        do {
            try Self.mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path)
        } catch {
            print("DiskFullTests skipped: this machine does not let root mount a tmpfs (\(error))")
            return
        }
        defer {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/umount")
            process.arguments = [mountPoint.path]
            try? process.run()
            process.waitUntilExit()
        }
        let clock = TestNode.ManualClock()
        let folder = try TemporaryFolder("data", inside: mountPoint.url)
        let test = try TestNode(reopening: folder, clock: clock.reading)
        let text = String(repeating: "frag ", count: 780)
        _ = await test.node.receive([try alice.change(1, [.create("general")])], from: alice.id)
        var changes: [WireSignedChange] = []
        for seq: UInt64 in 2...600 { changes.append(try alice.change(seq, [.post("general", "\(seq) \(text)")])) }
        // Small batches: a message is stored twice (its row and the search index), and the first
        // batch must fit on the 1 MB disk.
        var batches = stride(from: 0, to: changes.count, by: 10).map {
            Array(changes[$0..<min($0 + 10, changes.count)])
        }
        for batch in batches { _ = await test.node.receive(batch, from: alice.id) }
        let stuck = await test.node.versionVector()[alice.id]
        #expect(stuck < 600, "the disk filled before everything was stored")
        #expect(test.lines.count(containing: "could not store received changes") == 1, "logged once, not per try")
        #expect(try test.node.chat.messages(channel: "general", limit: 1000, before: nil).count == Int(stuck) - 1)

        // Peers keep sending while the disk is full: nothing is tried during the pause.
        _ = await test.node.receive(batches.removeLast(), from: alice.id)
        #expect(test.lines.count(containing: "could not store received changes") == 1)

        try Self.mount("-o", "remount,size=64m", mountPoint.path)
        clock.advance(by: StoreRetry.longestPause)
        _ = await test.node.receive([], from: alice.id)
        #expect(await test.node.versionVector()[alice.id] == 600, "everything buffered was stored, nothing lost")
        #expect(test.lines.contains("storing received changes again"))
        #expect(try test.node.chat.messages(channel: "general", limit: 1000, before: nil).count == 599)
        #expect(try await test.node.status().pendingChanges == 0)
    }
}
