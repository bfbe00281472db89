import HearthCrypto
import HearthNode
import HearthStore
import SwiftProtobuf

/// Direct messages (`Protocol/apps/chat.md`, "`chat.dm`"). Every node checks the op's
/// visible part and carries out its `redacts`; only a member opens the content, and then applies
/// it as the same op in a channel would be.
extension ChatApplier {
    func applyDirect(_ direct: ChatDirectOp, _ op: AppOp) throws {
        let conversation = try Self.conversation(of: direct, op)
        try store.execute(
            "INSERT OR IGNORE INTO chat_direct_op (author, seq, idx, object) VALUES (?, ?, ?, ?)",
            [op.key.author, op.key.seq, op.key.index, op.object.bytes])
        if direct.hasRedacts { try redact(direct.redacts, for: op, kind: direct.kind) }
        guard let seat = conversation.members.firstIndex(of: transaction.local.id) else { return }
        try remember(conversation, op)
        let replyTo = direct.hasReplyTo ? direct.replyTo : nil
        guard case .present(let ciphertext) = op.payload else {
            // Redacted (or not received): a post keeps its place and thread with no text, as in a
            // channel; a later edit shows its text, a delete marks it deleted.
            if direct.kind == .post {
                var post = ChatPost()
                if let replyTo { post.replyTo = replyTo }
                try conversationApplier.applyPost(post, op)
            }
            return
        }
        guard let key = SealedContent.openKey([UInt8](direct.sealedKeys[seat]), with: transaction.local),
            let plaintext = SealedContent.decrypt(
                ciphertext, key: key, nonce: [UInt8](direct.nonce),
                associatedData: DirectConversation.associatedData(object: op.object, author: op.author)),
            let content = try? ChatDirectContent(serializedBytes: plaintext)
        else { throw AppRejection("a direct message this node is a member of but cannot open") }
        guard SealedContent.commitment(to: key) == [UInt8](direct.keyCommitment) else {
            throw AppRejection("a direct message whose key is not the one its author committed to")
        }
        let carriesText: Bool
        switch (direct.kind, content.op.action) {
        case (.post, .post?), (.edit, .edit?): carriesText = true
        case (.delete, .delete?), (.react, .react?): carriesText = false
        default: throw AppRejection("a direct message whose content does not match its kind")
        }
        var action = content.op
        if case .post(var post)? = action.action {
            // The thread a post belongs to is the visible `reply_to`, so that a member that
            // receives it without its text keeps the same thread.
            if let replyTo { post.replyTo = replyTo } else { post.clearReplyTo() }
            action.action = .post(post)
        }
        let inner = AppOp(
            key: op.key, author: op.author, hlc: op.hlc, object: op.object, kind: op.kind, body: [],
            payload: carriesText ? .present(Array(content.text.utf8)) : .none, deps: op.deps)
        try conversationApplier.applyChannel(action, inner)
    }

    private var conversationApplier: ChatApplier { ChatApplier(transaction: transaction, inConversation: true) }

    /// The conversation a `chat.dm` op names, checked: 2–16 distinct members in byte order, the
    /// author among them, one sealed key of 80 bytes per member, a 24-byte nonce, a known kind, a
    /// payload, and the object id of those members.
    static func conversation(of direct: ChatDirectOp, _ op: AppOp) throws -> DirectConversation {
        guard direct.members.allSatisfy({ $0.count == 32 }),
            let ids = try? direct.members.map({ try NodeID(bytes: [UInt8]($0)) }),
            let conversation = try? DirectConversation(members: ids), conversation.members == ids
        else { throw AppRejection("a direct message whose members are not 2–16 distinct ids in order") }
        guard ids.contains(op.author) else { throw AppRejection("a direct message from a node that is not a member") }
        guard direct.sealedKeys.count == ids.count,
            direct.sealedKeys.allSatisfy({ $0.count == SealedContent.sealedKeyBytes }),
            direct.nonce.count == SealedContent.nonceBytes, direct.keyCommitment.count == SealedContent.commitmentBytes
        else {
            throw AppRejection(
                "a direct message without one sealed key per member, a 24-byte nonce and a 32-byte key commitment")
        }
        switch direct.kind {
        case .post, .edit, .delete, .react: break
        case .UNRECOGNIZED:
            // A kind a later version added: kept until this node knows it.
            throw AppDeferral("a direct message of a kind this version does not know")
        default: throw AppRejection("a direct message of no kind")
        }
        if direct.hasReplyTo {
            guard direct.kind == .post else { throw AppRejection("a direct message other than a post with a reply_to") }
            let target = OpKey(
                author: [UInt8](direct.replyTo.author), seq: direct.replyTo.seq, index: direct.replyTo.index)
            guard op.follows(target) else {
                throw AppRejection("a direct reply whose change does not list the message replied to as a dep")
            }
        }
        guard op.payload != .none else { throw AppRejection("a direct message without a payload") }
        guard op.object == conversation.object else {
            throw AppRejection("a direct message on an object that is not its members' conversation")
        }
        return conversation
    }

    /// Drops the payload of an earlier op of the same author in the same conversation (an edit
    /// or a delete names the version it replaces).
    private func redact(_ ref: ChatOpRef, for op: AppOp, kind: ChatDirectKind) throws {
        let key = OpKey(author: [UInt8](ref.author), seq: ref.seq, index: ref.index)
        guard kind == .edit || kind == .delete else { throw AppRejection("a direct post or reaction that redacts") }
        guard key.author == op.author.bytes, (key.seq, key.index) < (op.key.seq, op.key.index),
            let row = try store.row(
                "SELECT object FROM chat_direct_op WHERE author = ? AND seq = ? AND idx = ?",
                [key.author, key.seq, key.index]),
            row.bytes("object") == op.object.bytes
        else { throw AppRejection("a direct message that redacts an op that is not its author's in its conversation") }
        try transaction.redactPayload(of: key)
    }

    /// Keeps the conversation of a member: its channel row (named `@` and the object id) and members.
    private func remember(_ conversation: DirectConversation, _ op: AppOp) throws {
        guard try store.channel(object: op.object) == nil else { return }
        try store.saveChannel(
            ChannelRecord(
                object: op.object, name: conversation.name, topic: "", topicHLC: 0, topicAuthor: [],
                createdHLC: op.hlc, creator: op.author.bytes, creatorSeq: op.key.seq))
        try store.saveDirect(conversation)
        transaction.forget(MemoKey.channel(op.object))
    }
}
