import HearthAPI
import HearthChatModels
import HearthNode
import Hummingbird

/// `/v1/chat/…` (README, "Control API").
extension ChatApp: APIRoutes {
    public func addRoutes(to v1: RouterGroup<APIRequestContext>, node: Node) {
        let chat = v1.group("chat")
        let service = node.chat
        v1.put("profile") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(RenameRequest.self, from: request)
                return JSONResponse.make(try await service.rename(body.name))
            }
        }
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
                let name = try context.parameters.decoded("name")
                let limit = try QueryParameter.integer("limit", in: request, range: 1...1000, default: 50)
                let before = request.uri.queryParameters.get("before")
                return JSONResponse.make(try service.messages(channel: name, limit: limit, before: before))
            }
        }
        chat.post("channels/:name/messages") { request, context in
            await JSONResponse.handling {
                let name = try context.parameters.decoded("name")
                let body = try await JSONResponse.decodeBody(PostMessageRequest.self, from: request)
                let message = try await service.post(channel: name, text: body.text, replyTo: body.replyTo)
                // The typing ends where the message went, on every node, at once.
                await node.stoppedTyping(channel: message.channel, thread: message.threadRoot)
                return JSONResponse.make(message, status: .created)
            }
        }
        chat.get("dms") { _, _ in await JSONResponse.handling { JSONResponse.make(try service.directs()) } }
        chat.post("dms/messages") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(SendDirectRequest.self, from: request)
                let message = try await service.sendDirect(to: body.to, text: body.text, replyTo: body.replyTo)
                return JSONResponse.make(message, status: .created)
            }
        }
        chat.get("dms/:members/messages") { request, context in
            await JSONResponse.handling {
                let members = try context.parameters.decoded("members").split(separator: ",").map(String.init)
                let limit = try QueryParameter.integer("limit", in: request, range: 1...1000, default: 50)
                let before = request.uri.queryParameters.get("before")
                return JSONResponse.make(try service.directMessages(with: members, limit: limit, before: before))
            }
        }
        chat.get("unread") { _, _ in await JSONResponse.handling { JSONResponse.make(try service.unread()) } }
        chat.post("read") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(MarkReadRequest.self, from: request)
                return JSONResponse.make(try await service.markRead(body.conversation, to: body.to))
            }
        }
        chat.post("messages/:id/unread") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try await service.markUnread(try context.parameters.decoded("id")))
            }
        }
        chat.put("notify") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(NotifyLevelRequest.self, from: request)
                let level = try await service.setNotifyLevel(body.conversation, level: body.level)
                return JSONResponse.make(NotifyLevelRequest(conversation: body.conversation, level: level))
            }
        }
        chat.get("notify") { request, _ in
            await JSONResponse.handling {
                // Without a conversation: every channel's and conversation's level.
                guard let conversation = request.uri.queryParameters.get("conversation") else {
                    return JSONResponse.make(try service.notifyLevels())
                }
                return JSONResponse.make(
                    NotifyLevelRequest(conversation: conversation, level: try service.notifyLevel(conversation)))
            }
        }
        v1.get("search") { request, _ in
            await JSONResponse.handling {
                let parameters = request.uri.queryParameters
                let limit = try QueryParameter.integer("limit", in: request, range: 1...500, default: 50)
                return JSONResponse.make(
                    try await service.search(
                        parameters.get("q") ?? "", in: parameters.get("in"), from: parameters.get("from"),
                        before: parameters.get("before"), after: parameters.get("after"), limit: limit))
            }
        }
        let notifications = v1.group("notifications")
        notifications.get { request, _ in
            await JSONResponse.handling {
                let unreadOnly = request.uri.queryParameters.get("unread") == "true"
                let limit = try QueryParameter.integer("limit", in: request, range: 1...1000, default: 100)
                return JSONResponse.make(try service.notifications(unreadOnly: unreadOnly, limit: limit))
            }
        }
        notifications.post("read-all") { _, _ in
            await JSONResponse.handling {
                try await service.markNotificationRead(nil)
                return JSONResponse.make(try service.unread())
            }
        }
        notifications.post(":id/read") { _, context in
            await JSONResponse.handling {
                guard let id = Int64(try context.parameters.decoded("id")) else {
                    throw NodeError(.invalidArgument, "a notification id is a number")
                }
                try await service.markNotificationRead(id)
                return JSONResponse.make(try service.unread())
            }
        }
        chat.get("messages/:id") { _, context in
            await JSONResponse.handling {
                let message = try service.resolveMessage(try context.parameters.decoded("id"))
                return JSONResponse.make(try service.message(message.key))
            }
        }
        chat.patch("messages/:id") { request, context in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(EditMessageRequest.self, from: request)
                return JSONResponse.make(try await service.edit(try context.parameters.decoded("id"), text: body.text))
            }
        }
        chat.delete("messages/:id") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try await service.delete(try context.parameters.decoded("id")))
            }
        }
        chat.post("messages/:id/reactions") { request, context in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(ReactRequest.self, from: request)
                return JSONResponse.make(
                    try await service.react(try context.parameters.decoded("id"), emoji: body.emoji, add: body.add))
            }
        }
        chat.put("messages/:id/pin") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try await service.pin(try context.parameters.decoded("id"), pinned: true))
            }
        }
        chat.delete("messages/:id/pin") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try await service.pin(try context.parameters.decoded("id"), pinned: false))
            }
        }
        chat.get("channels/:name/pins") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try service.pins(channel: try context.parameters.decoded("name")))
            }
        }
        chat.get("messages/:id/thread") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try service.thread(of: try context.parameters.decoded("id")))
            }
        }
    }
}
