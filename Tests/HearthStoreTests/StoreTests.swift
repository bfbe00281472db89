import Foundation
import HearthStore
import Testing

@Suite struct StoreTests {
    let alice = [UInt8](repeating: 1, count: 32)
    let bob = [UInt8](repeating: 2, count: 32)

    func change(_ author: [UInt8], _ seq: UInt64) -> StoredChange {
        StoredChange(
            author: author, seq: seq, hlc: seq << 16, body: Array("change \(seq)".utf8),
            signature: [UInt8](repeating: 3, count: 64))
    }

    @Test func aFailedTransactionKeepsNothing() throws {
        let store = try HearthStore()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { context in
                try context.insertChange(change(alice, 1))
                throw Boom()
            }
        }
        let (count, heads) = try store.read { context in (try context.changeCount(), try context.heads()) }
        #expect(count == 0)
        #expect(heads.isEmpty)
    }

    /// A write on the caller's thread runs only when no other write is running or waiting: while
    /// one holds the writer, `writeIfIdle` runs nothing and says so; once it is done, it runs.
    @Test(.timeLimit(.minutes(1))) func writeIfIdleRunsOnlyWhenNoOtherWriteIs() async throws {
        let store = try HearthStore()
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        // A plain thread holds the writer, so no task thread blocks on it.
        Thread {
            try? store.write { context in
                try context.insertChange(change(alice, 1))
                entered.signal()
                release.wait()
            }
            finished.signal()
        }.start()
        entered.wait()
        let whileBusy = try store.writeIfIdle { context in
            try context.insertChange(change(bob, 1))
            return "ran"
        }
        #expect(whileBusy == nil)
        release.signal()
        finished.wait()
        let whenIdle = try store.writeIfIdle { context in
            try context.insertChange(change(bob, 1))
            return "ran"
        }
        #expect(whenIdle == "ran")
        #expect(try store.read { try $0.changeCount() } == 2, "alice's change and bob's, once")
    }

    @Test func aDuplicateChangeIsRefused() throws {
        let store = try HearthStore()
        try store.write { try $0.insertChange(change(alice, 1)) }
        #expect(throws: (any Error).self) { try store.write { try $0.insertChange(change(alice, 1)) } }
    }

    /// Heads are read from the log: each author's highest seq, with authors in byte order.
    @Test func headsAreEachAuthorsLatestChange() throws {
        let store = try HearthStore()
        #expect(try store.read { try $0.heads() }.isEmpty)
        let carol = [UInt8](repeating: 1, count: 31) + [2]  // sorts between alice and bob
        try store.write { context in
            for seq: UInt64 in 1...5 { try context.insertChange(change(bob, seq)) }
            for seq: UInt64 in 1...3 { try context.insertChange(change(alice, seq)) }
            try context.insertChange(change(carol, 1))
        }
        try store.write { try $0.insertChange(change(alice, 4)) }
        let heads = try store.read { try $0.heads() }
        #expect(heads.map(\.author) == [alice, carol, bob])
        #expect(heads.map(\.seq) == [4, 1, 5])
    }

    /// The heads hold only because the log has no gaps: a change whose author's previous one is
    /// not stored is refused, and one undone by its savepoint leaves the head where it was.
    @Test func theLogTakesNoGapAndAnUndoneChangeLeavesItsHead() throws {
        let store = try HearthStore()
        try store.write { try $0.insertChange(change(alice, 1)) }
        #expect(throws: StoreError.self) { try store.write { try $0.insertChange(change(alice, 3)) } }
        #expect(throws: StoreError.self) { try store.write { try $0.insertChange(change(bob, 2)) } }
        struct Refused: Error {}
        try store.write { context in
            try? context.savepoint {
                try context.insertChange(change(alice, 2))
                throw Refused()
            }
        }
        let heads = try store.read { try $0.heads() }
        #expect(heads.map(\.author) == [alice])
        #expect(heads.map(\.seq) == [1])
    }

    /// An empty payload is held (a redacted one is absent): it must not be stored as NULL.
    @Test func anEmptyPayloadIsHeldNotTakenForRedacted() throws {
        let store = try HearthStore()
        var withEmpty = change(alice, 1)
        withEmpty.payloads = [0: [], 1: [5]]
        try store.write { try $0.insertChange(withEmpty) }
        let key = OpKey(author: alice, seq: 1, index: 0)
        #expect(try store.read { try $0.payload(key) } == [])
        #expect(try store.read { try $0.changes(author: alice, in: 1...1, limit: 1) } == [withEmpty])
    }

    @Test func changesAreReadBackInRangeAndOrder() throws {
        let store = try HearthStore()
        try store.write { context in
            for seq: UInt64 in 1...10 { try context.insertChange(change(alice, seq)) }
            try context.insertChange(change(bob, 1))
        }
        let range = try store.read { try $0.changes(author: alice, in: 3...7, limit: 3) }
        #expect(range.map(\.seq) == [3, 4, 5])
        #expect(range.first == change(alice, 3))
    }

    @Test func dataSurvivesReopeningTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var withPayload = change(alice, 1)
        withPayload.payloads = [0: [9, 9]]
        do {
            let store = try HearthStore(path: path)
            try store.write { context in
                try context.insertChange(withPayload)
            }
        }
        let reopened = try HearthStore(path: path)
        let (heads, stored) = try reopened.read { context in
            (try context.heads(), try context.changes(author: alice, in: 1...1, limit: 1))
        }
        #expect(heads.map(\.seq) == [1])
        #expect(stored == [withPayload])
    }

    @Test func aRedactedPayloadIsGoneButItsChangeStays() throws {
        let store = try HearthStore()
        var first = change(alice, 1)
        first.payloads = [0: [1], 1: [2]]
        try store.write { try $0.insertChange(first) }
        try store.write { try $0.redactPayload(OpKey(author: alice, seq: 1, index: 1)) }
        let stored = try store.read { try $0.changes(author: alice, in: 1...1, limit: 1) }
        #expect(stored.first?.payloads == [0: [1]])
        #expect(try store.read { try $0.payload(OpKey(author: alice, seq: 1, index: 1)) } == nil)
        #expect(stored.first?.body == first.body)
    }

    @Test func deferredOpsComeBackInOrderPerKindAndGoOnceRemoved() throws {
        let store = try HearthStore()
        try store.write { context in
            for seq: UInt64 in 1...4 {
                try context.deferOp(OpKey(author: alice, seq: seq, index: 0), kind: seq % 2 == 0 ? "b.x" : "a.x")
            }
        }
        let a = try store.read { try $0.deferredOps(kinds: ["a.x"], limit: 10) }
        #expect(a.map(\.key.seq) == [1, 3])
        try store.write { try $0.removeDeferredOps(through: a.last!.position, kinds: ["a.x"]) }
        #expect(try store.read { try $0.deferredOps(kinds: ["a.x", "b.x"], limit: 10) }.map(\.key.seq) == [2, 4])
    }

    @Test func appMigrationsRunOnceAndTheirTablesTakeAnyValue() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let migrations = [StoreMigration("app t: 1", sql: "CREATE TABLE t (k BLOB, n INTEGER, s TEXT, d REAL)")]
        do {
            let store = try HearthStore(path: path, migrations: migrations)
            try store.write {
                try $0.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [[UInt8]([1, 2]), UInt64.max, "x", 1.5])
            }
        }
        let reopened = try HearthStore(path: path, migrations: migrations)
        let row = try #require(try reopened.read { try $0.row("SELECT * FROM t", []) })
        #expect(row.bytes("k") == [1, 2])
        #expect(row.uint64("n") == UInt64.max)
        #expect(row.string("s") == "x")
        #expect(row.double("d") == 1.5)
    }

    @Test func aDatabaseOfProtocolOneIsRefusedNotMisread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let old = try HearthStore(path: path)
            try old.write { context in
                try context.execute("CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                try context.execute("DELETE FROM grdb_migrations")
                try context.execute("INSERT INTO grdb_migrations VALUES ('v1: op log, chat, peers, settings')")
            }
        }
        #expect {
            try HearthStore(path: path)
        } throws: { error in
            (error as? StoreError)?.kind == .previousFormat
        }
    }

    @Test func aDamagedDatabaseIsRefusedAtOpening() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try HearthStore(path: path)
            try store.write { context in
                for seq: UInt64 in 1...2000 { try context.insertChange(change(alice, seq)) }
            }
        }
        // Overwrite pages in the middle of the file (past the header), as a failing disk would.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 8192)
        handle.write(Data(repeating: 0xA5, count: 8192))
        try handle.close()
        #expect {
            try HearthStore(path: path)
        } throws: { error in
            (error as? StoreError)?.kind == .damaged
        }
    }
}

@Suite struct DurableWriteTests {
    @Test func aDurableWriteCommitsToDiskAndAFailedOneKeepsNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hearth.sqlite").path
        let author = [UInt8](repeating: 1, count: 32)
        func change(_ seq: UInt64) -> StoredChange {
            StoredChange(author: author, seq: seq, hlc: seq, body: [1], signature: [UInt8](repeating: 2, count: 64))
        }
        do {
            let store = try HearthStore(path: path)
            try store.write(durable: true) { try $0.insertChange(change(1)) }
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                try store.write(durable: true) { context in
                    try context.insertChange(change(2))
                    throw Boom()
                }
            }
            try store.write { try $0.insertChange(change(2)) }
        }
        let reopened = try HearthStore(path: path)
        let seqs = try reopened.read { try $0.changes(author: author, in: 1...10, limit: 10).map(\.seq) }
        #expect(seqs == [1, 2])
    }
}
