import Foundation

/// A chat message as the API and CLI show it.
public struct ChatMessage: Codable, Sendable, Equatable {
    public var id: String
    public var channel: String
    public var author: String
    public var authorName: String
    public var text: String
    public var time: Date
    public var hlc: UInt64
    public var replyTo: String?
    public var threadRoot: String?
    public var replies: Int
    /// When the text shown was written by an edit; nil if never edited.
    public var edited: Date?
    /// A deleted message keeps its place (and its thread) with no text.
    public var deleted: Bool
    public var reactions: [ChatReaction]
    public var pinned: Bool
    /// The members the text mentions by name (`@name` in `text`, with their current names).
    public var mentions: [ChatMember]
    public var mentionsHere: Bool
    public var mentionsChannel: Bool

    public init(
        id: String, channel: String, author: String, authorName: String, text: String, time: Date, hlc: UInt64,
        replyTo: String?, threadRoot: String?, replies: Int, edited: Date? = nil, deleted: Bool = false,
        reactions: [ChatReaction] = [], pinned: Bool = false, mentions: [ChatMember] = [], mentionsHere: Bool = false,
        mentionsChannel: Bool = false
    ) {
        self.id = id
        self.channel = channel
        self.author = author
        self.authorName = authorName
        self.text = text
        self.time = time
        self.hlc = hlc
        self.replyTo = replyTo
        self.threadRoot = threadRoot
        self.replies = replies
        self.edited = edited
        self.deleted = deleted
        self.reactions = reactions
        self.pinned = pinned
        self.mentions = mentions
        self.mentionsHere = mentionsHere
        self.mentionsChannel = mentionsChannel
    }

    enum CodingKeys: String, CodingKey {
        case id, channel, author, authorName, text, time, hlc, replyTo, threadRoot, replies, edited, deleted,
            reactions, pinned, mentions, mentionsHere, mentionsChannel
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(channel, forKey: .channel)
        try container.encode(author, forKey: .author)
        try container.encode(authorName, forKey: .authorName)
        try container.encode(text, forKey: .text)
        try container.encode(time, forKey: .time)
        try container.encode(hlc, forKey: .hlc)
        try container.encode(replyTo, forKey: .replyTo)  // null, not absent, for top-level messages
        try container.encode(threadRoot, forKey: .threadRoot)
        try container.encode(replies, forKey: .replies)
        try container.encode(edited, forKey: .edited)
        try container.encode(deleted, forKey: .deleted)
        try container.encode(reactions, forKey: .reactions)
        try container.encode(pinned, forKey: .pinned)
        try container.encode(mentions, forKey: .mentions)
        try container.encode(mentionsHere, forKey: .mentionsHere)
        try container.encode(mentionsChannel, forKey: .mentionsChannel)
    }
}

/// One reaction on a message: the emoji, how many reacted with it, and who.
public struct ChatReaction: Codable, Sendable, Equatable {
    public var emoji: String
    public var count: Int
    public var members: [ChatMember]

    public init(emoji: String, count: Int, members: [ChatMember]) {
        self.emoji = emoji
        self.count = count
        self.members = members
    }
}

/// A member as a message shows it: node id and current display name.
public struct ChatMember: Codable, Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A chat channel as the API and CLI show it.
public struct ChatChannel: Codable, Sendable, Equatable {
    public var name: String
    public var topic: String
    public var created: Date
    public var createdBy: String
    public var messages: Int

    public init(name: String, topic: String, created: Date, createdBy: String, messages: Int) {
        self.name = name
        self.topic = topic
        self.created = created
        self.createdBy = createdBy
        self.messages = messages
    }
}

/// A message together with its thread.
public struct ChatThread: Codable, Sendable, Equatable {
    public var root: ChatMessage
    public var replies: [ChatMessage]

    public init(root: ChatMessage, replies: [ChatMessage]) {
        self.root = root
        self.replies = replies
    }
}

/// The body of `PUT /v1/profile`.
public struct RenameRequest: Codable, Sendable {
    public var name: String

    public init(name: String) { self.name = name }
}

/// The body of `POST /v1/chat/channels`.
public struct CreateChannelRequest: Codable, Sendable {
    public var name: String
    public var topic: String?

    public init(name: String, topic: String?) {
        self.name = name
        self.topic = topic
    }
}

/// The body of `POST /v1/chat/messages/ID/edit`.
public struct EditMessageRequest: Codable, Sendable {
    public var text: String
    public init(text: String) { self.text = text }
}

/// The body of `POST /v1/chat/messages/ID/reactions`: toggles this node's reaction, or sets it
/// when `add` is given.
public struct ReactRequest: Codable, Sendable {
    public var emoji: String
    public var add: Bool?
    public init(emoji: String, add: Bool? = nil) {
        self.emoji = emoji
        self.add = add
    }
}

/// The body of `POST /v1/chat/channels/NAME/messages`.
public struct PostMessageRequest: Codable, Sendable {
    public var text: String
    public var replyTo: String?

    public init(text: String, replyTo: String?) {
        self.text = text
        self.replyTo = replyTo
    }
}

/// A direct or group conversation as `GET /v1/chat/dms` shows it.
public struct ChatConversation: Codable, Sendable, Equatable {
    /// `@` and the conversation's object id in hex: the `channel` of its messages.
    public var id: String
    /// The other members.
    public var members: [ChatMember]
    public var messages: Int
    public var lastMessage: ChatMessage?

    public init(id: String, members: [ChatMember], messages: Int, lastMessage: ChatMessage?) {
        self.id = id
        self.members = members
        self.messages = messages
        self.lastMessage = lastMessage
    }
}

/// The body of `POST /v1/chat/dms/messages`.
public struct SendDirectRequest: Codable, Sendable {
    /// Display names or id prefixes of the other members (1–15).
    public var to: [String]
    public var text: String
    public var replyTo: String?

    public init(to: [String], text: String, replyTo: String? = nil) {
        self.to = to
        self.text = text
        self.replyTo = replyTo
    }
}

/// Something this node's user should see: a mention, a direct message, a reply to one of their
/// messages, a message in a thread they wrote in, or (at level `all`) any message.
public struct ChatNotification: Codable, Sendable, Equatable {
    public var id: Int64
    /// "mention", "direct", "reply", "thread" or "message".
    public var reason: String
    /// The channel name, or the conversation id (`@…`).
    public var conversation: String
    /// e.g. "alice in #general", "alice (direct)".
    public var title: String
    public var body: String
    public var message: ChatMessage
    public var read: Bool
    /// Arrived while this node was `dnd`: listed, never pushed.
    public var held: Bool

    public init(
        id: Int64, reason: String, conversation: String, title: String, body: String, message: ChatMessage,
        read: Bool, held: Bool
    ) {
        self.id = id
        self.reason = reason
        self.conversation = conversation
        self.title = title
        self.body = body
        self.message = message
        self.read = read
        self.held = held
    }
}

/// Unread messages of one channel or conversation.
public struct ChatUnread: Codable, Sendable, Equatable {
    /// The channel name, or the conversation id (`@…`).
    public var conversation: String
    /// `#general`, or the other members' names.
    public var title: String
    public var direct: Bool
    public var unread: Int
    /// Unread messages that mention this node (by name, @here, @channel).
    public var mentions: Int

    public init(conversation: String, title: String, direct: Bool, unread: Int, mentions: Int) {
        self.conversation = conversation
        self.title = title
        self.direct = direct
        self.unread = unread
        self.mentions = mentions
    }
}

/// `GET /v1/chat/unread`.
public struct ChatUnreadSummary: Codable, Sendable, Equatable {
    /// Those with unread messages, channels by name, then conversations.
    public var conversations: [ChatUnread]
    public var unreadNotifications: Int

    public init(conversations: [ChatUnread], unreadNotifications: Int) {
        self.conversations = conversations
        self.unreadNotifications = unreadNotifications
    }
}

/// The body of `POST /v1/chat/read`.
public struct MarkReadRequest: Codable, Sendable {
    /// A channel name or a conversation id (`@…`).
    public var conversation: String
    /// Up to and including this message; the latest when absent.
    public var to: String?

    public init(conversation: String, to: String? = nil) {
        self.conversation = conversation
        self.to = to
    }
}

/// The body of `PUT /v1/chat/notify`.
public struct NotifyLevelRequest: Codable, Sendable {
    public var conversation: String
    /// "all", "mentions" or "none".
    public var level: String

    public init(conversation: String, level: String) {
        self.conversation = conversation
        self.level = level
    }
}

/// One search result: the message, and a snippet of its text with the matches between `«` and `»`.
public struct ChatSearchHit: Codable, Sendable, Equatable {
    public var message: ChatMessage
    public var snippet: String

    public init(message: ChatMessage, snippet: String) {
        self.message = message
        self.snippet = snippet
    }
}
