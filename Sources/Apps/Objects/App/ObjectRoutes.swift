import HearthAPI
import HearthNode
import HearthObjectsModels
import Hummingbird

/// `/v1/objects…` (README, "Control API").
extension ObjectsApp: APIRoutes {
    public func addRoutes(to v1: RouterGroup<APIRequestContext>, node: Node) {
        let objects = v1.group("objects")
        let service = node.objects
        objects.get { request, _ in
            await JSONResponse.handling {
                let limit = try QueryParameter.integer(
                    "limit", in: request, range: 1...ObjectService.maxListed, default: 100)
                return JSONResponse.make(try service.list(limit: limit))
            }
        }
        objects.post { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(CreateObjectRequest.self, from: request)
                return JSONResponse.make(try await service.create(body.kind, title: body.title), status: .created)
            }
        }
        objects.get(":id") { _, context in
            await JSONResponse.handling { JSONResponse.make(try service.object(try context.parameters.decoded("id"))) }
        }
        objects.post(":id/edits") { request, context in
            await JSONResponse.handling {
                let id = try context.parameters.decoded("id")
                let body = try await JSONResponse.decodeBody(ObjectEditRequest.self, from: request)
                return JSONResponse.make(try await service.edit(id, body))
            }
        }
    }
}
