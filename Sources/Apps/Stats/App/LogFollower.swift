import Foundation
import HearthCrypto
import HearthNet
import HearthNode
import HearthStatsEngine
import HearthStatsModels

/// Follows one game server's log like `tail -F`: reads what is appended, survives truncation
/// (a server restarted with a fresh log), rotation (a new file under the same name) and the file
/// being missing for a while; signs each finished match as a `stats.match` op; sends the match
/// under way as a live scoreboard once it has caught up with the log. It remembers where the
/// current match began, so that after a restart it reads that match again and loses nothing;
/// a match whose record this node already holds is not signed twice. New lines are read as soon as
/// the file changes (`FileChangeSignal`), and in any case every `interval`.
struct LogFollower {
    let watch: StatsWatch
    let node: Node
    /// How often the file is looked at for more when no change is signalled.
    var interval: Duration = .milliseconds(200)
    /// Bytes read per pass, at most.
    var chunk = 1 << 20

    func run() async {
        var reader = LogReader(path: watch.path, position: watch.offset)
        reader.inode = (try? node.read { try $0.watchState(watch.path) })?.inode ?? 0
        var ingest = LogIngest(server: watch.server, node: node)
        let changes = FileChangeSignal(path: watch.path)
        while !Task.isCancelled {
            let read = reader.next(limit: chunk)
            if read.restarted { ingest.logRestarted() }
            if reader.inode != 0, read.restarted {
                await save(offset: 0, inode: reader.inode)
            }
            for (line, start, end) in read.lines {
                if let offset = await ingest.feed(line, start: start, end: end) {
                    await save(offset: offset, inode: reader.inode)
                }
            }
            if read.caughtUp {
                await ingest.sendLive()
                await changes.wait(upTo: interval)
            }
        }
        await ingest.stopLive()
    }

    private func save(offset: Int, inode: UInt64) async {
        let (path, server) = (watch.path, watch.server)
        try? await node.writeLocal { context in
            guard try context.watchState(path) != nil else { return }  // no longer followed
            try context.saveWatch(path: path, server: server, offset: offset, inode: inode)
        }
    }
}

/// Reads a growing file line by line from a position, noticing truncation and rotation.
struct LogReader {
    let path: String
    var position: Int
    var inode: UInt64 = 0
    private var partial: [UInt8] = []
    private var partialStart = 0

    init(path: String, position: Int) {
        self.path = path
        self.position = position
        partialStart = position
    }

    struct Read {
        var lines: [(line: String, start: Int, end: Int)] = []
        /// The file was truncated or replaced: reading began again from its start.
        var restarted = false
        /// Nothing more to read now.
        var caughtUp = true
    }

    mutating func next(limit: Int) -> Read {
        var read = Read()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else { return read }
        let fileInode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        if (inode != 0 && fileInode != inode) || size < position {
            position = 0
            partial = []
            partialStart = 0
            read.restarted = true
        }
        inode = fileInode
        guard size > position, let handle = FileHandle(forReadingAtPath: path) else { return read }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(position))
            let data = try handle.read(upToCount: min(limit, size - position)) ?? Data()
            var lineStart = partialStart
            var cursor = position
            for byte in data {
                cursor += 1
                if byte == 0x0A {
                    read.lines.append((String(decoding: partial, as: UTF8.self), lineStart, cursor))
                    partial.removeAll(keepingCapacity: true)
                    lineStart = cursor
                } else if partial.count < 16 * 1024 {  // a longer line is noise: kept short
                    partial.append(byte)
                }
            }
            position = cursor
            partialStart = lineStart
            read.caughtUp = position >= size
        } catch {
            return read
        }
        return read
    }
}
