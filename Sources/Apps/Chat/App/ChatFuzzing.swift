import HearthNode
import SwiftProtobuf

/// The fuzz target's door to the chat app's op bodies (`FuzzNode`): decodes untrusted bytes as
/// each body and runs the text rules a received op is checked against.
@_spi(Fuzzing) public enum ChatFuzzing {
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
    }
}
