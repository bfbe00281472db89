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

    public init(
        id: String, channel: String, author: String, authorName: String, text: String, time: Date, hlc: UInt64,
        replyTo: String?, threadRoot: String?, replies: Int
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
    }

    enum CodingKeys: String, CodingKey {
        case id, channel, author, authorName, text, time, hlc, replyTo, threadRoot, replies
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

/// The body of `POST /v1/chat/channels`.
public struct CreateChannelRequest: Codable, Sendable {
    public var name: String
    public var topic: String?

    public init(name: String, topic: String?) {
        self.name = name
        self.topic = topic
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
