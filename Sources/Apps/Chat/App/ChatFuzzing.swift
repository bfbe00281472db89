import Foundation
import HearthCrypto
import HearthNode
import HearthStore
import SwiftProtobuf

/// The fuzz target's door to the chat app's op bodies (`FuzzNode`): decodes untrusted bytes as
/// each body and runs the text rules a received op is checked against.
@_spi(Fuzzing) public enum ChatFuzzing {
    private static let fuzzIdentity = NodeIdentity.generate()
    private static let fuzzOp = AppOp(
        key: OpKey(author: fuzzIdentity.id.bytes, seq: 1, index: 0), author: fuzzIdentity.id, hlc: 1,
        object: .named("fuzz", kind: ChatApp.directKind), kind: ChatApp.directKind, body: [], payload: .present([1]))

    public static func run(_ bytes: [UInt8]) {
        if let profile = try? ChatProfileOp(serializedBytes: bytes) {
            _ = try? ChatLimits.displayName(profile.displayName)
        }
        if let channel = try? ChatChannelOp(serializedBytes: bytes) {
            switch channel.action {
            case .create(let create): _ = try? ChatLimits.channelName(create.name)
            case .topic(let topic): _ = try? ChatLimits.topic(topic.topic)
            case .post(let post):
                _ = try? ChatLimits.messageText(String(decoding: bytes, as: UTF8.self))
                _ = try? ChatApplier.mentions(post.mentions)
                _ = MentionText.render(String(decoding: bytes, as: UTF8.self)) { _ in "x" }
            case .edit(let edit): _ = try? ChatApplier.mentions(edit.mentions)
            case .react(let react): _ = try? ChatLimits.reaction(react.emoji)
            case .delete, .pin, nil: break
            }
        }
        if let direct = try? ChatDirectOp(serializedBytes: bytes) {
            _ = try? ChatApplier.conversation(of: direct, fuzzOp)
            _ = SealedContent.openKey([UInt8](direct.sealedKeys.first ?? Data()), with: fuzzIdentity)
        }
        if let content = try? ChatDirectContent(serializedBytes: bytes), case .react(let react)? = content.op.action {
            _ = try? ChatLimits.reaction(react.emoji)
        }
        _ = try? MentionText.resolve(String(decoding: bytes, as: UTF8.self), among: [])
    }
}
