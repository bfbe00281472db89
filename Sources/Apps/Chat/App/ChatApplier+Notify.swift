import Foundation
import HearthChatModels
import HearthCrypto
import HearthNode
import HearthStore

/// Which new messages notify this node's user (`README.md`, "Notifications"): a message by
/// someone else, newer than when this node joined and not yet read, that the channel's level lets
/// through. Notifications are this node's own; a `dnd` status holds them (listed, not pushed).
extension ChatApplier {
    func notifyIfWanted(_ message: MessageRecord, _ op: AppOp) throws {
        let me = transaction.local.id.bytes
        guard op.author.bytes != me, !message.deleted else { return }
        let joined = try transaction.memo(MemoKey.joined) { try store.chatSetting("joined") ?? 0 }
        // A batch of a catch-up holds many messages of one channel: its marker and level are read
        // once per transaction (neither is an op, so applying cannot change them).
        let marker = try transaction.memo(MemoKey.readMarker(message.channel)) {
            try store.readMarker(message.channel, joined: joined)
        }
        guard ChannelPosition(message) > marker else { return }
        let level = try transaction.memo(MemoKey.notifyLevel(message.channel)) {
            try store.notifyLevel(message.channel)
        }
        guard level != .none, let reason = try reason(for: message, level: level, me: me) else { return }
        let held = transaction.localStatus == "dnd"
        guard
            let id = try store.insertNotification(
                message.key, conversation: message.channel, reason: reason, hlc: message.hlc, held: held)
        else { return }
        guard !held, transaction.wantsEvents, let record = try store.notification(id: id) else { return }
        transaction.emit(
            AppEvent(
                type: "notification.new", key: "notification", value: try ChatNotification(record, in: store)))
    }

    private func reason(for message: MessageRecord, level: NotifyLevel, me: [UInt8]) throws -> String? {
        if message.mentions.members.contains(me) || message.mentions.channel { return "mention" }
        if let parent = message.replyTo, parent.author == me { return "reply" }
        if let root = message.threadRoot, try store.wroteInThread(root, member: me) { return "thread" }
        guard level == .all else { return nil }
        return message.isDirect ? "direct" : "message"
    }
}
