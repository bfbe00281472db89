import Foundation
import HearthChatModels
import HearthCrypto
import HearthNode
import HearthStore

/// Unread counts, read markers, notification levels and the notification feed of this node.
extension ChatService {
    /// Unread and mention counts of every channel and conversation with unread messages.
    public func unread() throws -> ChatUnreadSummary {
        try node.read { context in
            let joined = try context.chatSetting("joined") ?? 0
            var found = try context.conversationNames().map { try unread(of: $0, joined: joined, in: context) }
            found.removeAll { $0.unread == 0 }
            found.sort { ($0.direct ? 1 : 0, $0.title) < ($1.direct ? 1 : 0, $1.title) }
            return ChatUnreadSummary(conversations: found, unreadNotifications: try context.unreadNotificationCount())
        }
    }

    /// Marks `conversation` read up to and including message `to` (the latest when nil). The
    /// marker only moves forward: marking an older message read changes nothing.
    /// - Throws: `NodeError.notFound` for an unknown channel, conversation or message.
    public func markRead(_ rawConversation: String, to id: String?) async throws -> ChatUnread {
        let name = try conversation(rawConversation)
        let target: MessageRecord?
        if let id {
            let message = try resolveMessage(id)
            guard message.channel == name else {
                throw NodeError(.invalidArgument, "message \(id) is not in \(rawConversation)")
            }
            target = message
        } else {
            target = try node.read { try $0.messages(channel: name, before: nil, limit: 1).first }
        }
        try await node.writeLocal { context in
            guard let target else { return }
            let joined = try context.chatSetting("joined") ?? 0
            let position = ChannelPosition(target)
            guard position > (try context.readMarker(name, joined: joined)) else { return }
            try context.setReadMarker(name, to: position)
            try context.markNotificationsRead(name, through: position)
        }
        let unread = try unread(of: name)
        await announce(unread)
        return unread
    }

    /// Marks message `id` and everything after it in its channel or conversation unread: the
    /// one move of a read marker backwards, and only when asked.
    /// - Throws: `NodeError.notFound` for an unknown message.
    public func markUnread(_ id: String) async throws -> ChatUnread {
        let message = try resolveMessage(id)
        try await node.writeLocal { context in
            let previous = try context.message(before: message)
            try context.setReadMarker(message.channel, to: previous.map(ChannelPosition.init) ?? .start)
        }
        let unread = try unread(of: message.channel)
        await announce(unread)
        return unread
    }

    /// Tells every client (another browser tab, the CLI's `watch`) that a read marker moved:
    /// `chat.read` with the conversation's counts, and `notification.read` with how many
    /// notifications are unread now.
    private func announce(_ unread: ChatUnread?) async {
        var events: [AppEvent] = []
        if let unread { events.append(AppEvent(type: "chat.read", key: "unread", value: unread)) }
        if let count = try? node.read({ try $0.unreadNotificationCount() }) {
            events.append(
                AppEvent(type: "notification.read", key: "notifications", value: ["unreadNotifications": count]))
        }
        await node.emit(events)
    }

    /// Sets how much of a channel or conversation notifies this node.
    /// - Throws: `NodeError.invalidArgument` for a level other than all, mentions or none.
    public func setNotifyLevel(_ rawConversation: String, level rawLevel: String) async throws -> String {
        guard let level = NotifyLevel(rawValue: rawLevel) else {
            throw NodeError(.invalidArgument, "unknown level '\(rawLevel)': use all, mentions or none")
        }
        let name = try conversation(rawConversation)
        try await node.writeLocal { try $0.setNotifyLevel(name, level) }
        return level.rawValue
    }

    /// The notification level of a channel or conversation.
    public func notifyLevel(_ rawConversation: String) throws -> String {
        let name = try conversation(rawConversation)
        return try node.read { try $0.notifyLevel(name) }.rawValue
    }

    /// The latest notifications, newest first.
    public func notifications(unreadOnly: Bool, limit: Int = 100) throws -> [ChatNotification] {
        try node.read { context in
            try context.notifications(unreadOnly: unreadOnly, limit: limit).map {
                try ChatNotification($0, in: context)
            }
        }
    }

    /// Marks one notification read (or all of them, when `id` is nil).
    /// - Throws: `NodeError.notFound` for an unknown id.
    public func markNotificationRead(_ id: Int64?) async throws {
        if let id, try node.read({ try $0.notification(id: id) }) == nil {
            throw NodeError(.notFound, "there is no notification \(id)")
        }
        try await node.writeLocal { try $0.markNotificationsRead(id: id) }
        await announce(nil)
    }

    /// Every channel's and conversation's notification level.
    public func notifyLevels() throws -> [NotifyLevelRequest] {
        try node.read { context in
            let names = try context.channels().map(\.name) + context.directs().map(\.name)
            return try names.map { NotifyLevelRequest(conversation: $0, level: try context.notifyLevel($0).rawValue) }
        }
    }

    func unread(of name: String) throws -> ChatUnread {
        try node.read { context in try unread(of: name, joined: try context.chatSetting("joined") ?? 0, in: context) }
    }

    private func unread(of name: String, joined: UInt64, in context: StoreContext) throws -> ChatUnread {
        let marker = try context.readMarker(name, joined: joined)
        let counts = try context.unreadCounts(name, after: marker, me: node.identity.id.bytes)
        return ChatUnread(
            conversation: name, title: try title(of: name, in: context), direct: name.hasPrefix("@"),
            unread: counts.unread, mentions: counts.mentions)
    }

    /// A channel name (checked, lowercased) or a conversation id of this node.
    func conversation(_ raw: String) throws -> String {
        if raw.hasPrefix("@") {
            guard try node.read({ try $0.direct(named: raw) }) != nil else {
                throw NodeError(.notFound, "there is no conversation \(raw)")
            }
            return raw
        }
        let name = try ChatLimits.channelName(raw)
        guard try node.read({ try $0.channel(named: name) }) != nil else {
            throw NodeError(.notFound, "there is no channel '\(name)'")
        }
        return name
    }

    func title(of conversation: String, in context: StoreContext) throws -> String {
        guard conversation.hasPrefix("@") else { return "#" + conversation }
        let members = try context.direct(named: conversation)?.members.filter { $0 != node.identity.id } ?? []
        return try members.map { try context.profileName(author: $0.bytes) ?? $0.short }.joined(separator: ", ")
    }
}

extension ChatNotification {
    init(_ record: NotificationRecord, in context: StoreContext) throws {
        guard let stored = try context.message(record.key) else {
            throw NodeError(.storage, "the message of notification \(record.id) is missing")
        }
        let message = try ChatMessage(stored, in: context)
        let place =
            record.conversation.hasPrefix("@")
            ? "(direct)" : "in #\(record.conversation)"
        // A post received without its text (replaced by an edit that comes with it, or withheld).
        let text =
            message.text.isEmpty && !message.deleted ? "(its text has not arrived: open the message)" : message.text
        let body = text.count > 200 ? String(text.prefix(199)) + "…" : text
        self.init(
            id: record.id, reason: record.reason, conversation: record.conversation,
            title: "\(message.authorName) \(place)", body: body, message: message, read: record.read,
            held: record.held)
    }
}
