import Foundation
import HearthChatModels
import HearthCrypto
import HearthNode
import HearthStore

/// Full-text search over every message this node can read.
extension ChatService {
    /// Messages whose text has every word and phrase of `text`, newest first. Filters may also
    /// be written in `text`: `in:general`, `from:bob`, `before:2026-12-01`, `after:2026-11-30`.
    /// - Throws: `NodeError.invalidArgument` for nothing to look for or a bad date or limit,
    ///   `.notFound` for an unknown channel or member.
    public func search(
        _ text: String, in place: String? = nil, from author: String? = nil, before: String? = nil,
        after: String? = nil, limit: Int = 50
    ) async throws -> [ChatSearchHit] {
        guard (1...500).contains(limit) else {
            throw NodeError(.invalidArgument, "the limit must be between 1 and 500, got \(limit)")
        }
        var words: [String] = []
        var (place, author, before, after) = (place, author, before, after)
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if word.hasPrefix("in:"), word.count > 3 {
                place = String(word.dropFirst(3))
            } else if word.hasPrefix("from:"), word.count > 5 {
                author = String(word.dropFirst(5))
            } else if word.hasPrefix("before:"), word.count > 7 {
                before = String(word.dropFirst(7))
            } else if word.hasPrefix("after:"), word.count > 6 {
                after = String(word.dropFirst(6))
            } else {
                words.append(String(word))
            }
        }
        guard let match = SearchQuery.match(words.joined(separator: " ")) else {
            throw NodeError(.invalidArgument, "give a word or a \"phrase\" to search for")
        }
        let query = SearchQuery(
            match: match, channel: try place.map(conversation),
            author: try author.map { try resolveMembers([$0])[0].bytes },
            beforeHLC: try before.map { try Self.hlc(ofDate: $0, option: "before") },
            afterHLC: try after.map { try Self.hlc(ofDate: $0, option: "after") })
        try await indexWaitingMessages()
        return try node.read { context in
            try context.search(query, limit: limit).map { record, snippet in
                ChatSearchHit(message: try ChatMessage(record, in: context), snippet: snippet)
            }
        }
    }

    /// Indexes the messages that wait for the search index (the background indexer does so
    /// twice a second; a search does first).
    public func indexWaitingMessages() async throws {
        try await SearchIndexer.indexWaiting(on: node)
    }

    /// Returns once the background indexer has ended a pass that started after this call (at
    /// once when chat is not running on this node): every message stored before the call is
    /// then in the index, unless indexing failed (logged).
    func backgroundIndexPass() async {
        guard let chat = node.configuration.apps.app(for: ChatApp.channelKind) as? ChatApp else { return }
        await chat.searchIndexer.nextPass()
    }

    /// The start of a day (`2026-12-01`, UTC) or an instant (ISO 8601), as an HLC reading.
    static func hlc(ofDate text: String, option: String) throws -> UInt64 {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        guard let date = day.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
            throw NodeError(
                .invalidArgument, "\(option): '\(text)' is not a date: write 2026-12-01 or 2026-12-01T18:30:00Z")
        }
        return UInt64(max(0, date.timeIntervalSince1970 * 1000)) << 16
    }
}
