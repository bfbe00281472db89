import Foundation
import HearthCrypto
import HearthNode
import HearthStore
import SwiftProtobuf

/// The chat app: profiles, channels with topics, messages and threads (`Protocol/apps/chat.md`).
public struct ChatApp: HearthApp {
    public static let profileKind = "chat.profile"
    public static let channelKind = "chat.channel"

    let searchIndexer = SearchIndexer()

    public init() {}

    public var name: String { "chat" }
    public static let directKind = DirectConversation.kind

    public var kinds: Set<String> { [Self.profileKind, Self.channelKind, Self.directKind] }
    public var migrations: [StoreMigration] { ChatTables.migrations }
    /// A message, reaction or profile op is a few indexed rows.
    public var appliesCheaply: Bool { true }

    public func validate(_ op: AppOp) throws {
        if op.kind == Self.profileKind, op.object != ObjectID.owned(by: op.author, kind: Self.profileKind) {
            throw AppRejection("a profile op on another author's profile")
        }
    }

    public func apply(_ op: AppOp, in transaction: AppTransaction) throws {
        let applier = ChatApplier(transaction: transaction)
        switch op.kind {
        case Self.profileKind: try applier.applyProfile(try Self.decode(ChatProfileOp.self, op), op)
        case Self.directKind: try applier.applyDirect(try Self.decode(ChatDirectOp.self, op), op)
        default: try applier.applyChannel(try Self.decode(ChatChannelOp.self, op), op)
        }
    }

    /// Publishes this node's display name when it differs from the one its peers know.
    public func started(on node: Node) async throws {
        searchIndexer.start(on: node)
        let name = try ChatLimits.displayName(node.displayName)
        let known = try node.read { try $0.profileName(author: node.identity.id.bytes) }
        guard known != name else { return }
        _ = try await node.commit([Self.profileOp(name: name, author: node.identity.id)])
    }

    public func stopping(on node: Node) async {
        await searchIndexer.stop()
    }

    static func decode<Body: SwiftProtobuf.Message>(_ type: Body.Type, _ op: AppOp) throws -> Body {
        do {
            return try Body(serializedBytes: op.body)
        } catch {
            throw AppRejection("a \(op.kind) op whose body is not valid protobuf")
        }
    }

    static func profileOp(name: String, author: NodeID) throws -> NewOp {
        NewOp(
            object: .owned(by: author, kind: profileKind), kind: profileKind,
            body: try ChatProfileOp.with { $0.displayName = name }.serializedBytes())
    }

    static func channelOp(_ channel: String, _ action: ChatChannelOp.OneOf_Action, payload: [UInt8]? = nil) throws
        -> NewOp
    {
        NewOp(
            object: .named(channel, kind: channelKind), kind: channelKind,
            body: try ChatChannelOp.with { $0.action = action }.serializedBytes(), payload: payload)
    }

    /// A `chat.dm` op: `content` encrypted with a fresh key, sealed to every member.
    static func directOp(
        _ conversation: DirectConversation, kind: ChatDirectKind, content: ChatDirectContent, redacts: OpKey?,
        replyTo: OpKey? = nil, author: NodeID
    ) throws -> NewOp {
        var key = SealedContent.newKey()
        defer { wipe(&key) }
        let nonce = SealedContent.newNonce()
        let ciphertext = SealedContent.encrypt(
            try content.serializedBytes(), key: key, nonce: nonce,
            associatedData: DirectConversation.associatedData(object: conversation.object, author: author))
        var direct = ChatDirectOp()
        direct.members = conversation.members.map { Data($0.bytes) }
        direct.sealedKeys = try conversation.members.map { Data(try SealedContent.sealKey(key, to: $0)) }
        direct.nonce = Data(nonce)
        direct.kind = kind
        if let redacts { direct.redacts = ChatService.ref(redacts) }
        if let replyTo { direct.replyTo = ChatService.ref(replyTo) }
        direct.keyCommitment = Data(SealedContent.commitment(to: key))
        let body: [UInt8] = try direct.serializedBytes()
        return NewOp(object: conversation.object, kind: directKind, body: body, payload: ciphertext)
    }
}
