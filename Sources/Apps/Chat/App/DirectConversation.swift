import Foundation
import HearthCrypto
import HearthNode
import HearthStore

/// A direct or group conversation: 2–16 members, one object per set of members
/// (`Protocol/apps/chat.md`, "`chat.dm`").
struct DirectConversation: Sendable, Equatable {
    static let maxMembers = 16
    static let kind = "chat.dm"

    /// Distinct, in byte order.
    let members: [NodeID]

    /// - Throws: `NodeError.invalidArgument` for fewer than 2 or more than 16 members.
    init(members: some Sequence<NodeID>) throws {
        let sorted = Set(members).sorted()
        guard (2...Self.maxMembers).contains(sorted.count) else {
            throw NodeError(
                .invalidArgument,
                "a conversation has 2–\(Self.maxMembers) members, you included; this one would have \(sorted.count)")
        }
        self.members = sorted
    }

    /// The named object id of kind `chat.dm` whose name is the members' ids in hex, in order.
    var object: ObjectID { .named(members.map { Self.hex($0.bytes) }.joined(), kind: Self.kind) }

    /// The conversation's name in the chat tables: `@` and the object id in hex (no channel
    /// name can start with `@`).
    var name: String { Self.name(of: object) }

    static func name(of object: ObjectID) -> String { "@" + hex(object.bytes) }

    /// What the content's encryption binds: the conversation and the author.
    static func associatedData(object: ObjectID, author: NodeID) -> [UInt8] {
        Array("hearth/dm/1".utf8) + [0] + object.bytes + author.bytes
    }

    var packedMembers: [UInt8] { members.flatMap(\.bytes) }

    static func unpack(_ bytes: [UInt8]) throws -> [NodeID] {
        try stride(from: 0, to: bytes.count, by: 32).map {
            try NodeID(bytes: Array(bytes[$0..<min($0 + 32, bytes.count)]))
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

extension StoreContext {
    func saveDirect(_ conversation: DirectConversation) throws {
        try execute(
            "INSERT OR IGNORE INTO chat_direct (name, object, members) VALUES (?, ?, ?)",
            [conversation.name, conversation.object.bytes, conversation.packedMembers])
    }

    func direct(named name: String) throws -> DirectConversation? {
        guard let row = try row("SELECT members FROM chat_direct WHERE name = ?", [name]) else { return nil }
        return try DirectConversation(members: DirectConversation.unpack(row.bytes("members")))
    }

    func directs() throws -> [DirectConversation] {
        try rows("SELECT members FROM chat_direct").map {
            try DirectConversation(members: DirectConversation.unpack($0.bytes("members")))
        }
    }
}
