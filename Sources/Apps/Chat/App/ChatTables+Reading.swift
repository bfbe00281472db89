import HearthNode
import HearthStore

/// A place in a channel's order: (hlc, author id bytes, seq, index).
struct ChannelPosition: Sendable, Equatable, Comparable {
    var hlc: UInt64
    var author: [UInt8]
    var seq: UInt64
    var index: UInt32

    init(hlc: UInt64, author: [UInt8], seq: UInt64, index: UInt32) {
        self.hlc = hlc
        self.author = author
        self.seq = seq
        self.index = index
    }

    init(_ message: MessageRecord) {
        self.init(hlc: message.hlc, author: message.key.author, seq: message.key.seq, index: message.key.index)
    }

    /// Before every message.
    static let start = ChannelPosition(hlc: 0, author: [], seq: 0, index: 0)

    static func < (a: ChannelPosition, b: ChannelPosition) -> Bool {
        (a.hlc, a.author.lexicographicKey, a.seq, a.index) < (b.hlc, b.author.lexicographicKey, b.seq, b.index)
    }
}

/// This node's own reading state: read markers, notification levels, notifications. None of it
/// is an op: it never leaves the node.
extension StoreContext {
    // MARK: Settings

    func chatSetting(_ key: String) throws -> UInt64? {
        try row("SELECT value FROM chat_setting WHERE key = ?", [key]).map { $0.uint64("value") }
    }

    func setChatSetting(_ key: String, _ value: UInt64) throws {
        try execute("INSERT OR REPLACE INTO chat_setting (key, value) VALUES (?, ?)", [key, value])
    }

    // MARK: Read markers

    /// Where this node has read up to in `conversation`; when it never marked anything there,
    /// just before the first message that arrived after it joined (`joined`).
    func readMarker(_ conversation: String, joined: UInt64) throws -> ChannelPosition {
        guard let row = try row("SELECT * FROM chat_read WHERE conversation = ?", [conversation]) else {
            return ChannelPosition(hlc: joined, author: [], seq: 0, index: 0)
        }
        return ChannelPosition(
            hlc: row.uint64("hlc"), author: row.bytes("author"), seq: row.uint64("seq"),
            index: UInt32(row.int64("idx")))
    }

    func setReadMarker(_ conversation: String, to position: ChannelPosition) throws {
        try execute(
            "INSERT OR REPLACE INTO chat_read (conversation, hlc, author, seq, idx) VALUES (?, ?, ?, ?, ?)",
            [conversation, position.hlc, position.author, position.seq, position.index])
    }

    /// Messages by others after `position` that are not deleted, and how many of them mention `me`.
    func unreadCounts(_ conversation: String, after position: ChannelPosition, me: [UInt8]) throws -> (
        unread: Int, mentions: Int
    ) {
        let arguments: [any SQLBindable] = [
            me, conversation, position.hlc, position.author, position.seq, position.index, me,
        ]
        let row = try row(
            """
            SELECT count(*) AS unread,
                coalesce(sum(m.mentions_channel = 1 OR EXISTS (SELECT 1 FROM chat_mention n
                    WHERE n.author = m.author AND n.seq = m.seq AND n.idx = m.idx AND n.member = ?)), 0) AS mentions
            FROM chat_message m
            WHERE m.channel = ? AND (m.hlc, m.author, m.seq, m.idx) > (?, ?, ?, ?) AND m.author != ? AND m.deleted = 0
            """, arguments)
        return (row?.int("unread") ?? 0, row?.int("mentions") ?? 0)
    }

    /// The message just before `message` in its channel, if any.
    func message(before message: MessageRecord) throws -> MessageRecord? {
        try messages(channel: message.channel, before: message, limit: 1).first
    }

    /// Every channel or conversation name that holds messages.
    func conversationNames() throws -> [String] {
        try rows("SELECT DISTINCT channel FROM chat_message").map { $0.string("channel") }
    }

    // MARK: Notification levels

    func notifyLevel(_ conversation: String) throws -> NotifyLevel {
        let stored = try row("SELECT level FROM chat_notify_level WHERE conversation = ?", [conversation])
        return stored.flatMap { NotifyLevel(rawValue: $0.string("level")) }
            ?? (conversation.hasPrefix("@") ? .all : .mentions)
    }

    func setNotifyLevel(_ conversation: String, _ level: NotifyLevel) throws {
        try execute(
            "INSERT OR REPLACE INTO chat_notify_level (conversation, level) VALUES (?, ?)",
            [conversation, level.rawValue])
    }

    // MARK: Notifications

    func insertNotification(_ key: OpKey, conversation: String, reason: String, hlc: UInt64, held: Bool) throws
        -> Int64?
    {
        try execute(
            """
            INSERT OR IGNORE INTO chat_notification (author, seq, idx, conversation, reason, hlc, held)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [key.author, key.seq, key.index, conversation, reason, hlc, held])
        return try row(
            "SELECT id FROM chat_notification WHERE author = ? AND seq = ? AND idx = ?",
            [
                key.author, key.seq, key.index,
            ])?.int64("id")
    }

    func notifications(unreadOnly: Bool, limit: Int) throws -> [NotificationRecord] {
        try rows(
            "SELECT * FROM chat_notification" + (unreadOnly ? " WHERE read = 0" : "") + " ORDER BY id DESC LIMIT ?",
            [limit]
        ).map(Self.notification)
    }

    func notification(id: Int64) throws -> NotificationRecord? {
        try row("SELECT * FROM chat_notification WHERE id = ?", [id]).map(Self.notification)
    }

    func unreadNotificationCount() throws -> Int {
        try row("SELECT count(*) AS n FROM chat_notification WHERE read = 0")?.int("n") ?? 0
    }

    func markNotificationsRead(id: Int64?) throws {
        if let id {
            try execute("UPDATE chat_notification SET read = 1 WHERE id = ?", [id])
        } else {
            try execute("UPDATE chat_notification SET read = 1 WHERE read = 0")
        }
    }

    /// Marks read the notifications of messages up to `position` in `conversation`.
    func markNotificationsRead(_ conversation: String, through position: ChannelPosition) throws {
        try execute(
            """
            UPDATE chat_notification SET read = 1 WHERE read = 0 AND conversation = ? AND EXISTS (
                SELECT 1 FROM chat_message m WHERE m.author = chat_notification.author AND m.seq = chat_notification.seq
                AND m.idx = chat_notification.idx AND (m.hlc, m.author, m.seq, m.idx) <= (?, ?, ?, ?))
            """, [conversation, position.hlc, position.author, position.seq, position.index])
    }

    func deleteNotification(of key: OpKey) throws {
        try execute(
            "DELETE FROM chat_notification WHERE author = ? AND seq = ? AND idx = ?", [key.author, key.seq, key.index])
    }

    /// Whether `member` wrote the root of the thread `root` or any message in it.
    func wroteInThread(_ root: OpKey, member: [UInt8]) throws -> Bool {
        if root.author == member { return true }
        return try row(
            "SELECT 1 AS yes FROM chat_message WHERE root_author = ? AND root_seq = ? AND root_idx = ? AND author = ? LIMIT 1",
            [root.author, root.seq, root.index, member]) != nil
    }

    private static func notification(_ row: SQLRow) -> NotificationRecord {
        NotificationRecord(
            id: row.int64("id"),
            key: OpKey(author: row.bytes("author"), seq: row.uint64("seq"), index: UInt32(row.int64("idx"))),
            conversation: row.string("conversation"), reason: row.string("reason"), hlc: row.uint64("hlc"),
            read: row.int("read") != 0, held: row.int("held") != 0)
    }
}

/// How much of a channel or conversation notifies this node's user.
public enum NotifyLevel: String, Sendable, CaseIterable {
    /// Every message by someone else.
    case all
    /// Mentions of me (by name, @here while online, @channel), replies to my messages, and
    /// messages in threads I wrote in. The default for channels.
    case mentions
    case none
}

struct NotificationRecord: Sendable, Equatable {
    var id: Int64
    var key: OpKey
    var conversation: String
    var reason: String
    var hlc: UInt64
    var read: Bool
    var held: Bool
}
