import Foundation
import HearthStatsModels

/// Where a match stands in the order every node rates in: by start time, then server, then the
/// server's `g_timestamp`, then map. Two records with the same key are the same match.
public struct MatchKey: Hashable, Comparable, Sendable {
    public var startedAt: Date
    public var server: String
    public var gameTimestamp: String
    public var map: String

    /// The key of `match`.
    public init(_ match: MatchRecord) {
        startedAt = match.startedAt
        server = match.server
        gameTimestamp = match.gameTimestamp
        map = match.map
    }

    public static func < (lhs: MatchKey, rhs: MatchKey) -> Bool {
        (lhs.startedAt, lhs.server, lhs.gameTimestamp, lhs.map)
            < (rhs.startedAt, rhs.server, rhs.gameTimestamp, rhs.map)
    }
}

/// The match records in the one order that ratings are computed in, whatever order they arrived.
public enum MatchTimeline {
    /// `records` sorted by `MatchKey`, one per key.
    ///
    /// Two records of one match (say, from two nodes that both read the server's log) keep the
    /// one `preferred(_:over:)` picks, so the result does not depend on the order of `records`.
    public static func ordered(_ records: [MatchRecord]) -> [MatchRecord] {
        // Sorts positions, not records: moving a record costs a dozen reference counts.
        let keys = records.map(MatchKey.init)
        let order = records.indices.sorted { keys[$0] < keys[$1] }
        var result: [MatchRecord] = []
        result.reserveCapacity(records.count)
        var lastKey: MatchKey?
        for position in order {
            let record = records[position]
            if keys[position] == lastKey, let last = result.last {
                if preferred(record, over: last) { result[result.count - 1] = record }
            } else {
                result.append(record)
                lastKey = keys[position]
            }
        }
        return result
    }

    /// Whether `candidate` should stand for its match rather than `current`, another record of
    /// the same match: a finished record over an aborted one, then the one with more kills, then
    /// the longer, then the one with more players, then the smaller canonical JSON encoding.
    /// Equal records are never preferred, so the choice is a total order.
    public static func preferred(_ candidate: MatchRecord, over current: MatchRecord) -> Bool {
        if candidate == current { return false }
        if candidate.aborted != current.aborted { return !candidate.aborted }
        if candidate.kills.count != current.kills.count { return candidate.kills.count > current.kills.count }
        if candidate.durationSeconds != current.durationSeconds {
            return candidate.durationSeconds > current.durationSeconds
        }
        if candidate.players.count != current.players.count { return candidate.players.count > current.players.count }
        return canonical(candidate).lexicographicallyPrecedes(canonical(current))
    }

    /// The record as JSON with sorted keys: only the last tie-break, for records that differ in
    /// nothing cheaper to compare.
    private static func canonical(_ record: MatchRecord) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return (try? encoder.encode(record)) ?? Data()
    }
}
