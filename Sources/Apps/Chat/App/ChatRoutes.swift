import HearthAPI
import HearthChatModels
import HearthNode
import Hummingbird

/// `/v1/chat/…` (README, "Control API").
extension ChatApp: APIRoutes {
    public func addRoutes(to v1: RouterGroup<APIRequestContext>, node: Node) {
        let chat = v1.group("chat")
        let service = node.chat
        chat.get("channels") { _, _ in await JSONResponse.handling { JSONResponse.make(try service.channels()) } }
        chat.post("channels") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(CreateChannelRequest.self, from: request)
                let existed = try service.channelExists(body.name)
                return JSONResponse.make(
                    try await service.createChannel(body.name, topic: body.topic), status: existed ? .ok : .created)
            }
        }
        chat.get("channels/:name/messages") { request, context in
            await JSONResponse.handling {
                let name = try context.parameters.require("name")
                let limit = try QueryParameter.integer("limit", in: request, range: 1...1000, default: 50)
                let before = request.uri.queryParameters.get("before")
                return JSONResponse.make(try service.messages(channel: name, limit: limit, before: before))
            }
        }
        chat.post("channels/:name/messages") { request, context in
            await JSONResponse.handling {
                let name = try context.parameters.require("name")
                let body = try await JSONResponse.decodeBody(PostMessageRequest.self, from: request)
                let message = try await service.post(channel: name, text: body.text, replyTo: body.replyTo)
                // The typing ends where the message went, on every node, at once.
                await node.stoppedTyping(channel: message.channel, thread: message.threadRoot)
                return JSONResponse.make(message, status: .created)
            }
        }
        chat.get("messages/:id/thread") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try service.thread(of: try context.parameters.require("id")))
            }
        }
    }
}
