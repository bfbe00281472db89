import Foundation
import HearthCrypto
import HearthNet
import HearthNode
import HearthStatsEngine
import HearthStatsModels
import HearthStore
import Logging

/// Turns a game server's log lines into signed match records and a live scoreboard: what a
/// follower and a one-shot import share.
struct LogIngest {
    let node: Node
    private var assembler: MatchAssembler
    /// The kills of the match under way, numbered from 1, the latest kept for the live feed.
    private var killCount = 0
    private var recent: [StatsLiveKill] = []
    private var liveChanged = false
    private var liveObject: ObjectID?
    /// The scoreboard as of the last line that had one (the assembler forgets it when a match ends).
    private var lastBoard: LiveScoreboard?
    private(set) var signed = 0
    private(set) var skipped = 0
    /// Matches the node would not sign (a record that breaks a rule), with the rule.
    private(set) var refused: [String] = []

    init(server: String, node: Node) {
        self.node = node
        assembler = MatchAssembler(server: server)
    }

    /// Feeds one line (which ran from byte `start` to `end` of the file).
    /// - Returns: the offset to read from after a restart, when it moved: the start of a match,
    ///   or the end of one whose record is signed.
    mutating func feed(_ line: String, start: Int, end: Int) async -> Int? {
        var offset: Int?
        for event in assembler.feed(line) {
            switch event {
            case .matchStarted:
                killCount = 0
                recent = []
                offset = start
            case .kill(let kill):
                killCount += 1
                recent.append(
                    .with {
                        $0.number = UInt32(killCount)
                        $0.ms = UInt32(clamping: Int(kill.second * 1000))
                        $0.killer = kill.killer ?? ""
                        $0.victim = kill.victim
                        $0.weapon = kill.weapon
                    })
                if recent.count > 8 { recent.removeFirst(recent.count - 8) }
            case .matchFinished(let record):
                await sendLive(ended: true)
                lastBoard = nil
                await sign(record)
                offset = end
            default:
                break
            }
            liveChanged = true
        }
        if let board = assembler.scoreboard { lastBoard = board }
        return offset
    }

    /// The log began again (truncated or replaced): the match under way, if any, ends unfinished.
    mutating func logRestarted() {
        // An `InitGame` in the new log ends the match as aborted; nothing to do before it.
    }

    /// Sends the match under way as it stands, if it changed.
    mutating func sendLive() async {
        guard liveChanged else { return }
        liveChanged = false
        await sendLive(ended: false)
    }

    private mutating func sendLive(ended: Bool) async {
        guard let board = lastBoard else { return }
        let info = board.info
        let object = MatchRecord.object(server: info.server, gameTimestamp: info.gameTimestamp, map: info.map)
        if let previous = liveObject, previous != object {
            try? await node.sendAppSignal(AppSignal(app: StatsApp.liveSignal, object: previous.bytes, data: []))
        }
        liveObject = ended ? nil : object
        let scoreboard = StatsLiveScoreboard.with { live in
            live.server = info.server
            live.serverName = info.serverName
            live.map = info.map
            live.gameType = Int32(clamping: info.gameType)
            live.gameMs = UInt32(clamping: Int(board.elapsedSeconds * 1000))
            live.players = board.players.filter { !$0.connecting }.prefix(32).map { player in
                .with {
                    $0.name = player.name
                    $0.team = Int32(clamping: player.team)
                    $0.score = Int32(clamping: player.score)
                    $0.frags = Int32(clamping: player.frags)
                    $0.deaths = Int32(clamping: player.deaths)
                }
            }
            live.recent = recent
            live.teamScores = board.teamScores.mapValues { Int32(clamping: $0) }
            live.ended = ended
        }
        var data: [UInt8] = (try? scoreboard.serializedBytes()) ?? []
        while data.count > 3072, !scoreboard.recent.isEmpty {  // keep within an app signal
            var smaller = scoreboard
            smaller.recent.removeFirst()
            data = (try? smaller.serializedBytes()) ?? []
        }
        try? await node.sendAppSignal(AppSignal(app: StatsApp.liveSignal, object: object.bytes, data: data))
    }

    /// The follower stops: the match under way is no longer live from here.
    mutating func stopLive() async {
        guard let object = liveObject else { return }
        liveObject = nil
        try? await node.sendAppSignal(AppSignal(app: StatsApp.liveSignal, object: object.bytes, data: []))
    }

    /// The log ended for good (a one-shot import): the match under way ends as aborted.
    mutating func finish() async {
        for event in assembler.end() {
            if case .matchFinished(let record) = event { await sign(record) }
        }
    }

    /// Signs `record`, unless this node holds a record of the match that is as complete (one this
    /// node or another signed: reading a log again, or reading one another node reads, adds nothing).
    private mutating func sign(_ record: MatchRecord) async {
        let wire = record.wire
        let object = record.object
        let candidate = StoredMatch(
            object: object, key: OpKey(author: node.identity.id.bytes, seq: 0, index: 0), finished: !record.aborted,
            kills: record.kills.count, durationMs: Int(wire.durationMs), players: record.players.count)
        if let current = try? node.read({ try $0.storedMatch(object) }), !candidate.isMoreComplete(than: current) {
            skipped += 1
            return
        }
        do {
            let body: [UInt8] = try StatsMatchOp.with { $0.record = wire }.serializedBytes()
            _ = try await node.commit([NewOp(object: object, kind: StatsApp.matchKind, body: body)])
            signed += 1
        } catch {
            let reason = "\(error)"
            node.logger.warning(
                "a match from the log was not shared",
                metadata: ["server": "\(record.server)", "started": "\(record.startedAt)", "reason": "\(reason)"])
            refused.append(reason)
        }
    }
}
