import Foundation
import HearthCrypto
import HearthNet
import HearthNode
import HearthStatsModels
import HearthStore
import SwiftProtobuf

/// The stats app: match records read from game servers' logs, claims of game names, and the live
/// state of matches and servers (`Protocol/apps/stats.md`).
public struct StatsApp: HearthApp {
    public static let matchKind = "stats.match"
    public static let claimKind = "stats.claim"
    public static let liveSignal = "stats.live"
    public static let serverSignal = "stats.server"

    /// The object a game server's status is shared on: named by its address.
    static func serverObject(_ address: String) -> ObjectID { .named(address, kind: "stats.server") }

    /// What this node holds in memory: live matches and servers, followers, the boards' cache.
    let runtime = StatsRuntime()

    public init() {}

    public var name: String { "stats" }
    public var kinds: Set<String> { [Self.matchKind, Self.claimKind] }
    public var migrations: [StoreMigration] { StatsTables.migrations }
    public var signalNames: Set<String> { [Self.liveSignal, Self.serverSignal] }

    public func validate(_ op: AppOp) throws {
        if op.kind == Self.claimKind, op.object != ObjectID.owned(by: op.author, kind: Self.claimKind) {
            throw AppRejection("a claim op on another author's claims")
        }
    }

    public func apply(_ op: AppOp, in transaction: AppTransaction) throws {
        switch op.kind {
        case Self.matchKind:
            let body = try Self.decode(StatsMatchOp.self, op)
            guard case .record(let wire)? = body.action else {
                guard body.unknownFields.data.isEmpty else {
                    throw AppDeferral("a match op of an action this version does not know")
                }
                throw AppRejection("a match op with no record")
            }
            try applyMatch(try MatchRecord(wire: wire), wire: wire, op, in: transaction)
        default:
            let claim = try Self.decode(StatsClaimOp.self, op)
            let name = claim.name
            guard !name.isEmpty, name.utf8.count <= MatchRecord.maxNameBytes,
                !name.unicodeScalars.contains(where: TextRules.isControl)
            else { throw AppRejection("a claim of a bad game name") }
            if try transaction.store.saveClaim(
                author: op.author.bytes, name: name, claimed: claim.claimed, hlc: op.hlc, key: op.key)
            {
                transaction.emit(
                    AppEvent(
                        type: "stats.claim", key: "claim",
                        value: StatsClaimEvent(name: name, member: op.author.description, claimed: claim.claimed)))
            }
        }
    }

    private func applyMatch(_ record: MatchRecord, wire: StatsMatch, _ op: AppOp, in transaction: AppTransaction)
        throws
    {
        guard op.object == record.object else {
            throw AppRejection("a match record on an object that is not its server's, g_timestamp's and map's")
        }
        let candidate = StoredMatch(
            object: op.object, key: op.key, finished: !record.aborted, kills: record.kills.count,
            durationMs: Int(wire.durationMs), players: record.players.count)
        if let current = try transaction.store.storedMatch(op.object), !candidate.isPreferred(over: current) {
            return
        }
        try transaction.store.saveMatch(candidate, record: record, body: try wire.serializedBytes())
        if transaction.wantsEvents {
            transaction.emit(
                AppEvent(
                    type: "stats.match", key: "match",
                    value: StatsMatchSummary(record, object: op.object, recordedBy: op.author.description)))
        }
    }

    public func started(on node: Node) async throws {
        await runtime.start(on: node)
    }

    public func stopping(on node: Node) async {
        await runtime.stop(on: node)
    }

    public func signalChanged(_ signal: AppSignal, from source: NodeID, on node: Node) async {
        await runtime.signalChanged(signal, from: source, on: node)
    }

    static func decode<Body: SwiftProtobuf.Message>(_ type: Body.Type, _ op: AppOp) throws -> Body {
        do {
            return try Body(serializedBytes: op.body)
        } catch {
            throw AppRejection("a \(op.kind) op whose body is not valid protobuf")
        }
    }
}

/// A claim changed (`stats.claim` event).
public struct StatsClaimEvent: Codable, Sendable, Equatable {
    public var name: String
    public var member: String
    public var claimed: Bool
}
