import HearthNode
import HearthStore

/// The chat app's tables and the SQL that reads and writes them.
enum ChatTables {
    static let migrations = [
        StoreMigration(
            "1: profiles, channels, messages",
            sql: """
                CREATE TABLE chat_profile (
                    author BLOB PRIMARY KEY, display_name TEXT NOT NULL, hlc INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE chat_channel (
                    object BLOB PRIMARY KEY, name TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,
                    topic_hlc INTEGER NOT NULL, topic_author BLOB NOT NULL, created_hlc INTEGER NOT NULL,
                    creator BLOB NOT NULL, creator_seq INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE chat_message (
                    author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                    channel TEXT NOT NULL, hlc INTEGER NOT NULL, text TEXT NOT NULL,
                    reply_author BLOB, reply_seq INTEGER, reply_idx INTEGER,
                    root_author BLOB, root_seq INTEGER, root_idx INTEGER,
                    reply_count INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (author, seq, idx)
                ) WITHOUT ROWID;
                CREATE INDEX chat_message_by_channel ON chat_message (channel, hlc, author, seq, idx);
                CREATE INDEX chat_message_by_root ON chat_message (root_author, root_seq, root_idx)
                    WHERE root_author IS NOT NULL;
                CREATE INDEX chat_message_by_seq ON chat_message (seq, idx);
                """),
        StoreMigration(
            "2: edits, deletes, reactions, pins, mentions",
            sql: """
                -- The op whose text a message shows now: the post itself, or its latest edit.
                ALTER TABLE chat_message ADD COLUMN version_hlc INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE chat_message ADD COLUMN version_seq INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE chat_message ADD COLUMN version_idx INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE chat_message ADD COLUMN edited_hlc INTEGER;
                ALTER TABLE chat_message ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE chat_message ADD COLUMN mentions_here INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE chat_message ADD COLUMN mentions_channel INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE chat_mention (
                    author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, member BLOB NOT NULL,
                    PRIMARY KEY (author, seq, idx, member)
                ) WITHOUT ROWID;
                CREATE INDEX chat_mention_by_member ON chat_mention (member);
                CREATE TABLE chat_reaction (
                    author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                    emoji TEXT NOT NULL, reactor BLOB NOT NULL, present INTEGER NOT NULL,
                    hlc INTEGER NOT NULL, op_seq INTEGER NOT NULL, op_idx INTEGER NOT NULL,
                    PRIMARY KEY (author, seq, idx, emoji, reactor)
                ) WITHOUT ROWID;
                CREATE TABLE chat_pin (
                    author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL,
                    pinned INTEGER NOT NULL, hlc INTEGER NOT NULL, pinner BLOB NOT NULL,
                    op_seq INTEGER NOT NULL, op_idx INTEGER NOT NULL,
                    PRIMARY KEY (author, seq, idx)
                ) WITHOUT ROWID;
                CREATE INDEX chat_pin_by_channel ON chat_pin (channel) WHERE pinned = 1;
                """),
        StoreMigration(
            "3: direct conversations",
            sql: """
                -- The conversations this node is a member of (its chat_channel row is named '@' and
                -- the object id in hex); members: their 32-byte ids, concatenated in byte order.
                CREATE TABLE chat_direct (
                    name TEXT PRIMARY KEY, object BLOB NOT NULL UNIQUE, members BLOB NOT NULL
                ) WITHOUT ROWID;
                -- Every chat.dm op's conversation, on every node (what the change log shows anyway),
                -- so that a `redacts` can be checked without opening the content.
                CREATE TABLE chat_direct_op (
                    author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, object BLOB NOT NULL,
                    PRIMARY KEY (author, seq, idx)
                ) WITHOUT ROWID;
                """),
        StoreMigration(
            "4: this node's read markers, notification levels and notifications",
            sql: """
                -- What this node's user has read, per channel or conversation: every message up to
                -- and including this position in channel order. Never leaves the node.
                CREATE TABLE chat_read (
                    conversation TEXT PRIMARY KEY, hlc INTEGER NOT NULL, author BLOB NOT NULL,
                    seq INTEGER NOT NULL, idx INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE chat_notify_level (conversation TEXT PRIMARY KEY, level TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE chat_notification (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                    conversation TEXT NOT NULL, reason TEXT NOT NULL, hlc INTEGER NOT NULL,
                    read INTEGER NOT NULL DEFAULT 0, held INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (author, seq, idx)
                );
                CREATE INDEX chat_notification_unread ON chat_notification (read, id);
                CREATE TABLE chat_setting (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                -- When this node began reading (an HLC reading): what came before counts as read.
                INSERT INTO chat_setting (key, value)
                    VALUES ('joined', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16);
                """),
        StoreMigration(
            "5: full-text search",
            sql: """
                -- The text of every message this node can read (its DMs included), by search_id.
                CREATE VIRTUAL TABLE chat_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
                ALTER TABLE chat_message ADD COLUMN search_id INTEGER;
                UPDATE chat_message SET search_id = r.n FROM (
                    SELECT author, seq, idx, row_number() OVER (ORDER BY hlc, author, seq, idx) AS n
                    FROM chat_message WHERE deleted = 0 AND text != ''
                ) AS r WHERE chat_message.author = r.author AND chat_message.seq = r.seq AND chat_message.idx = r.idx;
                INSERT INTO chat_search (rowid, text) SELECT search_id, text FROM chat_message WHERE search_id IS NOT NULL;
                CREATE INDEX chat_message_by_search ON chat_message (search_id) WHERE search_id IS NOT NULL;
                INSERT INTO chat_setting (key, value)
                    SELECT 'search_next', coalesce(max(search_id), 0) + 1 FROM chat_message;
                """),
        StoreMigration(
            "6: channel creations; the search index in shards",
            sql: """
                -- Every creation op of a channel this node applied: an op in a channel must follow one.
                CREATE TABLE chat_channel_creation (
                    object BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                    PRIMARY KEY (object, author, seq, idx)
                ) WITHOUT ROWID;
                INSERT INTO chat_channel_creation (object, author, seq, idx)
                    SELECT object, creator, creator_seq, 0 FROM chat_channel WHERE name NOT LIKE '@%';
                """, work: StoreContext.shardSearchIndex),
        StoreMigration(
            "7: new messages wait to be indexed in batches",
            sql: """
                -- Messages not yet in the search index, in the order they came (keys only, no text).
                CREATE TABLE chat_search_waiting (
                    position INTEGER PRIMARY KEY, author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL
                );
                """),
    ]
}

extension StoreContext {
    // MARK: Profiles

    /// Sets `author`'s display name if `hlc` is later than the one stored (last writer wins).
    func setProfileName(author: [UInt8], name: String, hlc: UInt64) throws {
        try execute(
            """
            INSERT INTO chat_profile (author, display_name, hlc) VALUES (?, ?, ?)
            ON CONFLICT(author) DO UPDATE SET display_name = excluded.display_name, hlc = excluded.hlc
            WHERE excluded.hlc > chat_profile.hlc
            """, [author, name, hlc])
    }

    /// Every known member's display name.
    func profiles() throws -> [(author: [UInt8], name: String)] {
        try rows("SELECT author, display_name FROM chat_profile").map {
            ($0.bytes("author"), $0.string("display_name"))
        }
    }

    func profileName(author: [UInt8]) throws -> String? {
        try row("SELECT display_name FROM chat_profile WHERE author = ?", [author])?.string("display_name")
    }

    // MARK: Channels

    func channel(named name: String) throws -> ChannelRecord? {
        try row("SELECT * FROM chat_channel WHERE name = ?", [name]).map(Self.channel)
    }

    /// Every creation op of the channel `object` this node has applied.
    func creations(of object: ObjectID) throws -> [OpKey] {
        try rows("SELECT author, seq, idx FROM chat_channel_creation WHERE object = ?", [object.bytes]).map { row in
            OpKey(author: row.bytes("author"), seq: UInt64(row.int64("seq")), index: UInt32(row.int64("idx")))
        }
    }

    func channel(object: ObjectID) throws -> ChannelRecord? {
        try row("SELECT * FROM chat_channel WHERE object = ?", [object.bytes]).map(Self.channel)
    }

    func channels() throws -> [ChannelRecord] {
        try rows("SELECT * FROM chat_channel WHERE name NOT LIKE '@%' ORDER BY name").map(Self.channel)
    }

    /// Stores a channel's state as computed by the caller's merge rule.
    func saveChannel(_ channel: ChannelRecord) throws {
        try execute(
            """
            INSERT OR REPLACE INTO chat_channel
                (object, name, topic, topic_hlc, topic_author, created_hlc, creator, creator_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                channel.object.bytes, channel.name, channel.topic, channel.topicHLC, channel.topicAuthor,
                channel.createdHLC, channel.creator, channel.creatorSeq,
            ])
    }

    private static func channel(_ row: SQLRow) -> ChannelRecord {
        ChannelRecord(
            object: (try? ObjectID(bytes: row.bytes("object")))
                ?? ObjectID.named(row.string("name"), kind: ChatApp.channelKind),
            name: row.string("name"), topic: row.string("topic"), topicHLC: row.uint64("topic_hlc"),
            topicAuthor: row.bytes("topic_author"), createdHLC: row.uint64("created_hlc"),
            creator: row.bytes("creator"), creatorSeq: row.uint64("creator_seq"))
    }

    /// Number of messages per channel.
    func messageCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try rows("SELECT channel, count(*) AS n FROM chat_message GROUP BY channel") {
            counts[row.string("channel")] = row.int("n")
        }
        return counts
    }

    func messageCount(channel: String) throws -> Int {
        try row("SELECT count(*) AS n FROM chat_message WHERE channel = ?", [channel])?.int("n") ?? 0
    }

    /// Messages written at or after `hlc`, in every channel and conversation (each counted on the
    /// channel index, so no table scan).
    func messageCount(since hlc: UInt64) throws -> Int {
        try rows("SELECT name FROM chat_channel").reduce(0) { total, row in
            total
                + (try self.row(
                    "SELECT count(*) AS n FROM chat_message WHERE channel = ? AND hlc >= ?", [row.string("name"), hlc])?
                    .int("n") ?? 0)
        }
    }

    // MARK: Messages

    /// Stores a new message, with its mentions, and counts it in its thread root's replies; its
    /// text goes into the search index now (`indexNow`), or waits for the indexer.
    func insertMessage(_ message: MessageRecord, indexNow: Bool = false) throws {
        let version = message.currentVersion
        try execute(
            """
            INSERT INTO chat_message (author, seq, idx, channel, hlc, text, reply_author, reply_seq, reply_idx,
                root_author, root_seq, root_idx, version_hlc, version_seq, version_idx, edited_hlc, deleted,
                mentions_here, mentions_channel)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                message.key.author, message.key.seq, message.key.index, message.channel, message.hlc, message.text,
                message.replyTo?.author, message.replyTo?.seq, message.replyTo?.index,
                message.threadRoot?.author, message.threadRoot?.seq, message.threadRoot?.index,
                version.hlc, version.seq, version.index, message.editedHLC, message.deleted,
                message.mentions.here, message.mentions.channel,
            ])
        try saveMentions(of: message.key, message.mentions.members)
        if !message.deleted, !message.text.isEmpty {
            if indexNow { try index(message.key, text: message.text) } else { try queueForIndex(message.key) }
        }
        if let root = message.threadRoot {
            try execute(
                "UPDATE chat_message SET reply_count = reply_count + 1 WHERE author = ? AND seq = ? AND idx = ?",
                [root.author, root.seq, root.index])
        }
    }

    private static let selectMessage = """
        SELECT m.*, p.display_name AS author_name FROM chat_message m
        LEFT JOIN chat_profile p ON p.author = m.author
        """

    func message(_ key: OpKey) throws -> MessageRecord? {
        try row(
            Self.selectMessage + " WHERE m.author = ? AND m.seq = ? AND m.idx = ?", [key.author, key.seq, key.index]
        ).map(Self.message)
    }

    /// Messages whose key has this seq and index (to resolve an id given by author prefix).
    func messages(seq: UInt64, index: UInt32) throws -> [MessageRecord] {
        try rows(Self.selectMessage + " WHERE m.seq = ? AND m.idx = ?", [seq, index]).map(Self.message)
    }

    /// The latest `limit` messages of `channel` that sort before `before` (or the latest overall),
    /// returned oldest first. Order: hlc, then author, seq, index.
    func messages(channel: String, before: MessageRecord?, limit: Int) throws -> [MessageRecord] {
        var sql = Self.selectMessage + " WHERE m.channel = ?"
        var arguments: [any SQLBindable] = [channel]
        if let before {
            sql += " AND (m.hlc, m.author, m.seq, m.idx) < (?, ?, ?, ?)"
            arguments += [before.hlc, before.key.author, before.key.seq, before.key.index] as [any SQLBindable]
        }
        sql += " ORDER BY m.hlc DESC, m.author DESC, m.seq DESC, m.idx DESC LIMIT ?"
        arguments.append(limit)
        return try rows(sql, arguments).map(Self.message).reversed()
    }

    /// The messages of the thread rooted at `root` (root excluded), oldest first.
    func thread(root: OpKey) throws -> [MessageRecord] {
        try rows(
            Self.selectMessage
                + " WHERE m.root_author = ? AND m.root_seq = ? AND m.root_idx = ? ORDER BY m.hlc, m.author, m.seq, m.idx",
            [root.author, root.seq, root.index]
        ).map(Self.message)
    }

    static func message(_ row: SQLRow) -> MessageRecord {
        func key(_ prefix: String) -> OpKey? {
            guard let author = row.optionalBytes("\(prefix)_author") else { return nil }
            return OpKey(author: author, seq: row.uint64("\(prefix)_seq"), index: UInt32(row.int64("\(prefix)_idx")))
        }
        let versionSeq = row.uint64("version_seq")
        return MessageRecord(
            key: OpKey(author: row.bytes("author"), seq: row.uint64("seq"), index: UInt32(row.int64("idx"))),
            channel: row.string("channel"), hlc: row.uint64("hlc"), text: row.string("text"),
            replyTo: key("reply"), threadRoot: key("root"), replyCount: row.int("reply_count"),
            authorName: row.optionalString("author_name"),
            version: versionSeq == 0
                ? nil
                : MessageRecord.Version(
                    hlc: row.uint64("version_hlc"), seq: versionSeq, index: UInt32(row.int64("version_idx"))),
            editedHLC: row.isNull("edited_hlc") ? nil : row.uint64("edited_hlc"), deleted: row.int("deleted") != 0,
            mentions: MentionSet(here: row.int("mentions_here") != 0, channel: row.int("mentions_channel") != 0))
    }
}
