import Foundation
import HearthCrypto
import HearthNet
import HearthNode
import HearthStatsEngine
import HearthStatsModels
import HearthStore

extension Node {
    /// This node's game stats: what the API and the CLI call.
    public nonisolated var stats: StatsService { StatsService(node: self) }
}

/// Game stats on one node: reads the records, works out boards and profiles, follows logs.
public struct StatsService: Sendable {
    public let node: Node

    var runtime: StatsRuntime {
        get throws {
            guard let app = node.configuration.apps.apps.lazy.compactMap({ $0 as? StatsApp }).first else {
                throw NodeError(.unavailable, "this node does not run the stats app")
            }
            return app.runtime
        }
    }

    // MARK: Records

    /// The records, decoded, with the boards worked out from them. Records unchanged since the
    /// last read are not read or decoded again, and the boards are reused when no record changed.
    /// Members are named as presence last heard them.
    func boards() async throws -> CachedBoards {
        let names = Dictionary(
            await node.presence().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let runtime = try runtime
        var cache = runtime.recordCache
        let known = cache.entries.mapValues(\.version)
        // One read, so the versions, the bodies and the claims are of one moment.
        let (versions, bodies, claims) = try node.read { context in
            let versions = try context.matchVersions()
            let stale = Set(versions.compactMap { known[$0.key] == $0.value ? nil : $0.key })
            let bodies =
                stale.isEmpty ? [] : try context.matchBodies(of: stale.count * 2 > versions.count ? nil : stale)
            return (versions, bodies.filter { stale.contains($0.object) }, try context.claims())
        }
        if !bodies.isEmpty || cache.entries.count != versions.count {
            cache.entries = cache.entries.filter { versions[$0.key] != nil }
            for (object, entry) in await Self.decode(bodies) { cache.entries[object] = entry }
            cache.worked = nil
        }
        let worked: CachedBoards
        if let kept = cache.worked {
            worked = kept
        } else {
            let ordered = cache.entries.values.compactMap { entry in entry.record.map { (entry.id, $0) } }
                .sorted { ($0.1.startedAt, $0.0) < ($1.1.startedAt, $1.0) }
            let records = ordered.map(\.1)
            worked = CachedBoards(
                records: records, ids: ordered.map(\.0), boards: Leaderboards(records: records), claims: [:])
            cache.worked = worked
            runtime.keep(cache)
        }
        let members = claims.mapValues { authors in
            authors.compactMap { author in
                (try? NodeID(bytes: author)).map { id in
                    StatsMember(
                        id: id.description,
                        name: names[id.description].flatMap { $0.isEmpty ? nil : $0 } ?? id.short)
                }
            }
        }
        return CachedBoards(records: worked.records, ids: worked.ids, boards: worked.boards, claims: members)
    }

    /// Decodes stored records (checked again, as when they arrived), on every core when many.
    private static func decode(_ bodies: [(object: ObjectID, version: OpKey, body: [UInt8])]) async -> [(
        ObjectID, RecordCache.Entry
    )] {
        func decoded(_ slice: ArraySlice<(object: ObjectID, version: OpKey, body: [UInt8])>) -> [(
            ObjectID, RecordCache.Entry
        )] {
            slice.map { entry in
                let record = (try? StatsMatch(serializedBytes: entry.body)).flatMap { try? MatchRecord(wire: $0) }
                return (
                    entry.object,
                    RecordCache.Entry(version: entry.version, id: entry.object.description, record: record)
                )
            }
        }
        let parts = bodies.count < 512 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard parts > 1 else { return decoded(bodies[...]) }
        let size = (bodies.count + parts - 1) / parts
        return await withTaskGroup(of: [(ObjectID, RecordCache.Entry)].self) { group in
            for start in stride(from: 0, to: bodies.count, by: size) {
                let slice = bodies[start..<min(start + size, bodies.count)]
                group.addTask { decoded(slice) }
            }
            var all: [(ObjectID, RecordCache.Entry)] = []
            for await part in group { all += part }
            return all
        }
    }

    /// The latest matches, newest first.
    public func matches(limit: Int = 50, mode: String? = nil) throws -> [StatsMatchSummary] {
        guard (1...1000).contains(limit) else {
            throw NodeError(.invalidArgument, "the limit must be between 1 and 1000, got \(limit)")
        }
        let wanted = try mode.map(Self.mode)
        var summaries: [StatsMatchSummary] = []
        // Newest first, a page at a time, until enough match the mode.
        var skipped = 0
        while summaries.count < limit {
            let page = try node.read { try $0.newestMatchBodies(limit: 200, offset: skipped) }
            for entry in page where summaries.count < limit {
                guard let wire = try? StatsMatch(serializedBytes: entry.body),
                    let record = try? MatchRecord(wire: wire)
                else { continue }
                if let wanted, GameMode(of: record) != wanted { continue }
                summaries.append(
                    StatsMatchSummary(record, object: entry.object, recordedBy: Self.member(entry.author)))
            }
            guard page.count == 200 else { break }
            skipped += page.count
        }
        return summaries
    }

    /// One match, whole.
    /// - Throws: `NodeError.notFound` for an unknown id.
    public func match(_ id: String) throws -> StatsMatchDetail {
        guard let bytes = try? Base32.decode(id), let object = try? ObjectID(bytes: bytes),
            let stored = try node.read({ try $0.matchBody(object) }),
            let wire = try? StatsMatch(serializedBytes: stored.body), let record = try? MatchRecord(wire: wire)
        else { throw NodeError(.notFound, "there is no match \(id): 'hearth stats matches' lists them") }
        return StatsMatchDetail(
            summary: StatsMatchSummary(record, object: object, recordedBy: Self.member(stored.author)), record: record)
    }

    /// A leaderboard: of `mode` (ffa, 1v1, tdm, ctf, a gametype number; nil or `all`: every mode),
    /// over matches since `since` (a date), sorted by rating then kills.
    public func board(mode rawMode: String? = nil, since rawSince: String? = nil) async throws -> StatsBoard {
        let mode = try rawMode.flatMap { $0 == "all" ? nil : try Self.mode($0) }
        let since = try rawSince.map { try Self.date($0) }
        let cached = try await boards()
        let board: Leaderboard
        if let since {
            board = Leaderboard(records: cached.records, mode: mode, since: since)
        } else if let mode {
            board = cached.boards.byMode[mode] ?? Leaderboard(records: [], mode: mode)
        } else {
            board = cached.boards.all
        }
        let matches = cached.records.filter { record in
            (mode == nil || GameMode(of: record) == mode) && since.map { record.startedAt >= $0 } ?? true
        }.count
        return StatsBoard(
            mode: mode?.description ?? "all", since: since, matches: matches,
            rows: board.rows.map { StatsBoardRow($0, claimedBy: cached.claims[$0.name] ?? []) })
    }

    /// A player's profile.
    /// - Throws: `NodeError.notFound` for a name no record holds.
    public func player(_ name: String) async throws -> StatsProfile {
        let cached = try await boards()
        let exact = cached.records.contains { $0.players.contains { $0.name == name } } ? name : nil
        // A plain name (no colour codes) finds the player too.
        let found =
            exact
            ?? cached.records.lazy.flatMap(\.players).first {
                PlayerName.plain($0.name).lowercased() == name.lowercased()
            }?
            .name
        guard let found else { throw NodeError(.notFound, "no match holds a player called '\(name)'") }
        let profile = PlayerProfile(name: found, records: cached.records)
        let keys = cached.records.map { ProfileMatchKey(date: $0.startedAt, server: $0.server, map: $0.map) }
        let ids = Dictionary(zip(keys, cached.ids), uniquingKeysWith: { first, _ in first })
        return StatsProfile(profile, claimedBy: cached.claims[found] ?? [], ids: ids)
    }

    /// Matches that began today (UTC).
    public func matchesToday() throws -> Int {
        let midnight = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        var day = Calendar(identifier: .gregorian)
        day.timeZone = TimeZone(identifier: "UTC")!
        let start =
            day.date(from: DateComponents(year: midnight.year, month: midnight.month, day: midnight.day)) ?? Date()
        return try node.read { try $0.matchCount(since: Int64(start.timeIntervalSince1970 * 1000)) }
    }

    // MARK: Live

    public func live() throws -> [StatsLiveMatch] { try runtime.liveMatches }

    public func servers() throws -> [StatsServer] { try runtime.servers }

    /// Polls a game server from this node from now on (and after restarts), sharing its status.
    /// - Throws: `NodeError.invalidArgument` for an address that is not HOST:PORT.
    public func addServer(_ text: String) async throws -> String {
        guard let address = ServerAddress(text.trimmingCharacters(in: .whitespaces)) else {
            throw NodeError(
                .invalidArgument,
                "'\(text.prefix(80))' is not a game server address: give HOST:PORT, e.g. 10.0.0.5:27960")
        }
        try await node.writeLocal { try $0.addPolledServer(address.description) }
        return address.description
    }

    /// Finds game servers on the LAN as the game's own "Local" list does: `getinfo` broadcast to
    /// the subnet of each LAN interface the node listens on (private and link-local IPv4 only,
    /// never loopback or a public network) on ports 27960–27963, answers read for `timeout`.
    /// With `add`, this node polls every server found.
    /// - Throws: `NodeError.unavailable` when no interface is on a LAN.
    public func scanLAN(add: Bool = false, timeout: Duration = .milliseconds(1500)) async throws -> [StatsFoundServer] {
        var interfaces = try LocalInterfaces.ipv4().compactMap { interface -> LANScan.Interface? in
            guard let address = LANScan.IPv4(interface.address), let netmask = LANScan.IPv4(interface.netmask)
            else { return nil }
            return LANScan.Interface(address: address, netmask: netmask)
        }
        if let host = node.configuration.listen?.host, let listening = LANScan.IPv4(host), listening.value != 0 {
            interfaces = interfaces.filter { $0.address == listening }  // listening on one address: its LAN only
        }
        let targets = LANScan.targets(interfaces)
        guard !targets.isEmpty else {
            throw NodeError(
                .unavailable,
                "no interface the node listens on is on a LAN (10/8, 172.16/12, 192.168/16 or 169.254/16): nothing to scan"
            )
        }
        var random = SystemRandomNumberGenerator()
        let challenge = ServerQuery.makeChallenge(using: &random)
        let answers = try await DatagramQuery.ask(
            targets.map { ($0.host, Int($0.port)) }, bytes: try ServerQuery.infoRequest(challenge: challenge),
            timeout: timeout, broadcast: true, collectAll: true, largest: ServerQuery.Limits.answerBytes)
        let found = LANScan.servers(
            answers: answers.compactMap { answer in ServerAddress(answer.from).map { ($0, answer.bytes) } },
            challenge: challenge)
        var polled = Set(try node.read { try $0.polledServers() })
        if add {
            for server in found where !polled.contains(server.address.description) {
                polled.insert(try await addServer(server.address.description))
            }
        }
        return found.map { server in
            StatsFoundServer(
                address: server.address.description, hostname: server.info.hostname, map: server.info.map,
                mode: GameMode(gameType: server.info.gameType ?? 0).description, clients: server.info.clients ?? 0,
                maxClients: server.info.maxClients ?? 0, game: server.info.gameName ?? "",
                polled: polled.contains(server.address.description))
        }
    }

    /// Stops polling a game server.
    /// - Throws: `NodeError.notFound` when it was not polled.
    public func removeServer(_ text: String) async throws {
        let address = ServerAddress(text.trimmingCharacters(in: .whitespaces))?.description ?? text
        guard try node.read({ try $0.polledServers() }).contains(address) else {
            throw NodeError(.notFound, "\(address) is not polled by this node: 'hearth stats servers' lists them")
        }
        try await node.writeLocal { _ = try $0.removePolledServer(address) }
    }

    // MARK: Claims

    /// Claims (or gives up) a game name as this node's user's.
    /// - Throws: `NodeError.invalidArgument` for an empty or overlong name.
    public func claim(_ name: String, claimed: Bool = true) async throws -> [StatsMember] {
        guard !name.isEmpty, name.utf8.count <= MatchRecord.maxNameBytes,
            !name.unicodeScalars.contains(where: TextRules.isControl)
        else { throw NodeError(.invalidArgument, "a game name is 1–64 bytes with no control characters") }
        let body: [UInt8] = try StatsClaimOp.with {
            $0.name = name
            $0.claimed = claimed
        }.serializedBytes()
        let object = ObjectID.owned(by: node.identity.id, kind: StatsApp.claimKind)
        _ = try await node.commit([NewOp(object: object, kind: StatsApp.claimKind, body: body)])
        await (try? runtime)?.refreshOwnGame(on: node)
        return try await boards().claims[name] ?? []
    }

    /// Every claimed game name and who claims it.
    public func claims() async throws -> [String: [StatsMember]] { try await boards().claims }

    // MARK: Logs

    /// Follows a game server's log from its start (matches already in it are read too, once).
    /// - Throws: `NodeError.invalidArgument` for a path that is not a readable file.
    public func watch(_ rawPath: String, server: String) async throws -> StatsWatch {
        let path = URL(fileURLWithPath: rawPath).standardizedFileURL.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw NodeError(.invalidArgument, "cannot read \(path): give the game server's games.log")
        }
        let name = try Self.serverName(server)
        try await node.writeLocal { context in
            if try context.watchState(path) == nil {
                try context.saveWatch(path: path, server: name, offset: 0, inode: 0)
            }
        }
        guard let watch = try node.read({ try $0.watches() }).first(where: { $0.path == path }) else {
            throw NodeError(.storage, "the followed log was not stored")
        }
        try runtime.follow(watch, on: node)
        return watch
    }

    /// Stops following a log.
    /// - Throws: `NodeError.notFound` when it was not followed.
    public func unwatch(_ rawPath: String) async throws {
        let path = URL(fileURLWithPath: rawPath).standardizedFileURL.path
        guard try node.read({ try $0.watchState(path) }) != nil else {
            throw NodeError(.notFound, "\(path) is not followed: 'hearth stats watches' lists them")
        }
        try await node.writeLocal { _ = try $0.removeWatch(path) }
        try runtime.unfollow(path)
    }

    public func watches() throws -> [StatsWatch] { try node.read { try $0.watches() } }

    /// Reads a whole log once and signs every match in it this node does not hold yet.
    /// - Returns: how many matches were signed, how many were known already, and why any other
    ///   was refused (a record that breaks a rule of `Protocol/apps/stats.md`).
    public func ingest(_ rawPath: String, server: String) async throws -> (
        signed: Int, known: Int, refused: [String]
    ) {
        let path = URL(fileURLWithPath: rawPath).standardizedFileURL.path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw NodeError(.invalidArgument, "cannot read \(path)")
        }
        defer { try? handle.close() }
        var ingest = LogIngest(server: try Self.serverName(server), node: node)
        var partial: [UInt8] = []
        var offset = 0
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            partial += data
            var lineStart = 0
            while let newline = partial[lineStart...].firstIndex(of: 0x0A) {
                let line = String(decoding: partial[lineStart..<newline], as: UTF8.self)
                let end = offset + (newline - lineStart) + 1
                _ = await ingest.feed(line, start: offset, end: end)
                offset = end
                lineStart = newline + 1
            }
            partial.removeFirst(lineStart)  // once per chunk: what is left is one unfinished line
        }
        if !partial.isEmpty {
            _ = await ingest.feed(String(decoding: partial, as: UTF8.self), start: offset, end: offset)
        }
        await ingest.finish()
        return (ingest.signed, ingest.skipped, ingest.refused)
    }

    // MARK: Parsing what users type

    static func mode(_ text: String) throws -> GameMode {
        switch text.lowercased() {
        case "ffa", "dm", "deathmatch": return .freeForAll
        case "1v1", "tourney", "tournament", "duel": return .tournament
        case "tdm", "team": return .teamDeathmatch
        case "ctf": return .captureTheFlag
        default:
            guard let number = Int(text), (0...99).contains(number) else {
                throw NodeError(
                    .invalidArgument, "unknown mode '\(text)': use ffa, 1v1, tdm, ctf, all or a g_gametype number")
            }
            return GameMode(gameType: number)
        }
    }

    static func date(_ text: String) throws -> Date {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        guard let date = day.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
            throw NodeError(.invalidArgument, "'\(text)' is not a date: write 2026-12-01 or 2026-12-01T18:30:00Z")
        }
        return date
    }

    static func serverName(_ server: String) throws -> String {
        let name = server.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.utf8.count <= MatchRecord.maxKeyBytes else {
            throw NodeError(.invalidArgument, "give the game server as HOST:PORT (e.g. 10.0.0.5:27960)")
        }
        return name
    }

    static func member(_ author: [UInt8]) -> String { (try? NodeID(bytes: author))?.description ?? "" }
}
