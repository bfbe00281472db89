import Foundation
import GRDB

extension StoreContext {
    // MARK: Profiles

    /// Sets `author`'s display name if `hlc` is later than the one stored (last writer wins).
    public func setProfileName(author: [UInt8], name: String, hlc: UInt64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO profile (author, display_name, hlc) VALUES (?, ?, ?)
                ON CONFLICT(author) DO UPDATE SET display_name = excluded.display_name, hlc = excluded.hlc
                WHERE excluded.hlc > profile.hlc
                """
        ).execute(
            arguments: [Data(author), name, Int64(bitPattern: hlc)])
    }

    /// Every known author's display name.
    public func profileNames() throws -> [[UInt8]: String] {
        var names: [[UInt8]: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT author, display_name FROM profile") {
            names[[UInt8](row["author"] as Data)] = row["display_name"]
        }
        return names
    }

    // MARK: Channels

    public func channel(named name: String) throws -> ChannelRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM channel WHERE name = ?"), arguments: [name]).map(
            Self.channel)
    }

    public func channels() throws -> [ChannelRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM channel ORDER BY name").map(Self.channel)
    }

    /// Stores a channel's state as computed by the caller's merge rule.
    public func saveChannel(_ channel: ChannelRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO channel
                    (name, topic, topic_hlc, topic_author, created_hlc, creator, creator_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                channel.name, channel.topic, Int64(bitPattern: channel.topicHLC), Data(channel.topicAuthor),
                Int64(bitPattern: channel.createdHLC), Data(channel.creator), Int64(channel.creatorSeq),
            ])
    }

    private static func channel(_ row: Row) -> ChannelRecord {
        ChannelRecord(
            name: row["name"], topic: row["topic"], topicHLC: UInt64(bitPattern: row["topic_hlc"]),
            topicAuthor: [UInt8](row["topic_author"] as Data), createdHLC: UInt64(bitPattern: row["created_hlc"]),
            creator: [UInt8](row["creator"] as Data), creatorSeq: UInt64(row["creator_seq"] as Int64))
    }

    /// Number of messages per channel.
    public func messageCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT channel, count(*) AS n FROM message GROUP BY channel") {
            counts[row["channel"]] = row["n"]
        }
        return counts
    }

    // MARK: Messages

    /// Stores a new message and counts it in its thread root's replies.
    public func insertMessage(_ message: MessageRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO message (author, seq, idx, channel, hlc, text, reply_author, reply_seq, reply_idx,
                    root_author, root_seq, root_idx)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                Data(message.key.author), Int64(message.key.seq), Int64(message.key.index), message.channel,
                Int64(bitPattern: message.hlc), message.text,
                message.replyTo.map { Data($0.author) }, message.replyTo.map { Int64($0.seq) },
                message.replyTo.map { Int64($0.index) },
                message.threadRoot.map { Data($0.author) }, message.threadRoot.map { Int64($0.seq) },
                message.threadRoot.map { Int64($0.index) },
            ])
        if let root = message.threadRoot {
            try db.cachedStatement(
                sql: "UPDATE message SET reply_count = reply_count + 1 WHERE author = ? AND seq = ? AND idx = ?"
            ).execute(
                arguments: [Data(root.author), Int64(root.seq), Int64(root.index)])
        }
    }

    public func message(_ key: OpKey) throws -> MessageRecord? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT * FROM message WHERE author = ? AND seq = ? AND idx = ?"),
            arguments: [Data(key.author), Int64(key.seq), Int64(key.index)]
        ).map(Self.message)
    }

    /// Messages whose key has this seq and index (to resolve an id given by author prefix).
    public func messages(seq: UInt64, index: UInt32) throws -> [MessageRecord] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT * FROM message WHERE seq = ? AND idx = ?"),
            arguments: [Int64(seq), Int64(index)]
        ).map(Self.message)
    }

    /// The latest `limit` messages of `channel` that sort before `before` (or the latest overall),
    /// returned oldest first. Order: hlc, then author, seq, index.
    public func messages(channel: String, before: MessageRecord?, limit: Int) throws -> [MessageRecord] {
        var sql = "SELECT * FROM message WHERE channel = ?"
        var arguments: StatementArguments = [channel]
        if let before {
            sql += " AND (hlc, author, seq, idx) < (?, ?, ?, ?)"
            arguments += [
                Int64(bitPattern: before.hlc), Data(before.key.author), Int64(before.key.seq),
                Int64(before.key.index),
            ]
        }
        sql += " ORDER BY hlc DESC, author DESC, seq DESC, idx DESC LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.message).reversed()
    }

    /// The messages of the thread rooted at `root` (root excluded), oldest first.
    public func thread(root: OpKey) throws -> [MessageRecord] {
        try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT * FROM message WHERE root_author = ? AND root_seq = ? AND root_idx = ?
                    ORDER BY hlc, author, seq, idx
                    """),
            arguments: [Data(root.author), Int64(root.seq), Int64(root.index)]
        ).map(Self.message)
    }

    private static func message(_ row: Row) -> MessageRecord {
        func key(_ prefix: String) -> OpKey? {
            guard let author = row["\(prefix)_author"] as Data? else { return nil }
            return OpKey(
                author: [UInt8](author), seq: UInt64(row["\(prefix)_seq"] as Int64),
                index: UInt32(row["\(prefix)_idx"] as Int64))
        }
        return MessageRecord(
            key: OpKey(
                author: [UInt8](row["author"] as Data), seq: UInt64(row["seq"] as Int64),
                index: UInt32(row["idx"] as Int64)),
            channel: row["channel"], hlc: UInt64(bitPattern: row["hlc"] as Int64), text: row["text"],
            replyTo: key("reply"), threadRoot: key("root"), replyCount: row["reply_count"])
    }
}
