import HearthChatModels
import HearthNode
import HearthStore

/// Edits, deletes, reactions and pins (`Protocol/apps/chat.md`, "After a message is posted").
/// Each names its target message, which must be in the op's channel. An op on a deleted message
/// is applied as nothing (its text, if any, is dropped), so every order of delivery ends the same.
extension ChatApplier {
    func applyEdit(_ edit: ChatEdit, _ op: AppOp) throws {
        let message = try target(edit.hasTarget ? edit.target : nil, op)
        guard message.key.author == op.author.bytes else { throw AppRejection("an edit of another author's message") }
        let text = try Self.text(of: op)
        let mentions = try Self.mentions(edit.hasMentions ? edit.mentions : nil)
        let version = MessageRecord.Version(hlc: op.hlc, seq: op.key.seq, index: op.key.index)
        guard !message.deleted, version > message.currentVersion else {
            // Superseded as it arrives (or its message is gone): its text is never shown.
            try transaction.redactPayload(of: op.key)
            return
        }
        // Earlier versions are kept nowhere: the text an edit replaces is dropped on every node.
        try transaction.redactPayload(of: message.currentVersionKey)
        let shard = try store.setMessageText(message.key, text: text, version: version, mentions: mentions)
        purgeSearchShardBeforeCommit(shard)
        try emitChanged(message.key, type: "chat.edited")
    }

    func applyDelete(_ delete: ChatDelete, _ op: AppOp) throws {
        let message = try target(delete.hasTarget ? delete.target : nil, op)
        guard message.key.author == op.author.bytes else { throw AppRejection("a delete of another author's message") }
        guard !message.deleted else { return }
        try transaction.redactPayload(of: message.key)
        if message.currentVersionKey != message.key { try transaction.redactPayload(of: message.currentVersionKey) }
        purgeSearchShardBeforeCommit(try store.markDeleted(message.key))
        try store.deleteNotification(of: message.key)
        try emitChanged(message.key, type: "chat.deleted")
    }

    func applyReact(_ react: ChatReact, _ op: AppOp) throws {
        let message = try target(react.hasTarget ? react.target : nil, op)
        guard (try? ChatLimits.reaction(react.emoji)) == react.emoji else {
            throw AppRejection("a reaction that breaks the reaction rules")
        }
        guard !message.deleted else { return }
        let reaction = ReactionRecord(
            emoji: react.emoji, reactor: op.author.bytes, hlc: op.hlc, opSeq: op.key.seq, opIndex: op.key.index,
            present: react.add)
        if try store.saveReaction(reaction, on: message.key) { try emitChanged(message.key, type: "chat.reaction") }
    }

    func applyPin(_ pin: ChatPin, _ op: AppOp) throws {
        let message = try target(pin.hasTarget ? pin.target : nil, op)
        guard !message.deleted else { return }
        let changed = try store.savePin(
            message.key, channel: message.channel, pinned: pin.pinned, hlc: op.hlc, pinner: op.author.bytes,
            opSeq: op.key.seq, opIndex: op.key.index)
        if changed { try emitChanged(message.key, type: pin.pinned ? "chat.pinned" : "chat.unpinned") }
    }

    /// The replaced or deleted text leaves the older segments of its search index shard too, once
    /// per shard and transaction however many ops replaced text in it.
    private func purgeSearchShardBeforeCommit(_ shard: Int64?) {
        guard let shard else { return }
        transaction.beforeCommit(MemoKey.searchPurge(shard)) { try $0.store.purgeSearchShard(shard) }
    }

    /// The message an op names, which must be in the op's channel, and which every node applying
    /// the op holds: the op's change lists the message's change as a dep (or is a later one of the
    /// same author), so no node refuses what another applies.
    private func target(_ ref: ChatOpRef?, _ op: AppOp) throws -> MessageRecord {
        guard let ref else { throw AppRejection("an op that names no message") }
        let key = OpKey(author: [UInt8](ref.author), seq: ref.seq, index: ref.index)
        guard op.follows(key) else { throw AppRejection("an op on a message whose change it does not list as a dep") }
        guard let channel = try channel(op.object) else { throw AppRejection("an op for an unknown channel") }
        guard let message = try store.message(key), message.channel == channel.name else {
            if try store.isDeferred(key) { throw AppDeferral("an op on a message kept for a later version") }
            throw AppRejection("an op on a message that is not in channel '\(channel.name)'")
        }
        return message
    }

    private func emitChanged(_ key: OpKey, type: String) throws {
        guard transaction.wantsEvents, let message = try store.message(key) else { return }
        transaction.emit(AppEvent(type: type, key: "message", value: try ChatMessage(message, in: store)))
    }
}
