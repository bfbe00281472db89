import HearthAPI
import HearthNode
import HearthStatsModels
import Hummingbird

/// `/v1/stats/…` (README, "Control API").
extension StatsApp: APIRoutes {
    struct WatchRequest: Decodable {
        var path: String
        var server: String
    }

    struct ServerRequest: Decodable {
        var address: String
    }

    struct ClaimRequest: Decodable {
        var name: String
        var claimed: Bool?
    }

    struct Ingested: Encodable {
        var signed: Int
        var known: Int
        /// Why each match that was not shared was refused.
        var refused: [String]
    }

    public func addRoutes(to v1: RouterGroup<APIRequestContext>, node: Node) {
        let stats = v1.group("stats")
        let service = node.stats
        stats.get("matches") { request, _ in
            await JSONResponse.handling {
                let limit = try QueryParameter.integer("limit", in: request, range: 1...1000, default: 50)
                let mode = request.uri.queryParameters.get("mode")
                return JSONResponse.make(try service.matches(limit: limit, mode: mode))
            }
        }
        stats.get("matches/:id") { _, context in
            await JSONResponse.handling { JSONResponse.make(try service.match(try context.parameters.decoded("id"))) }
        }
        stats.get("board") { request, _ in
            await JSONResponse.handling {
                let query = request.uri.queryParameters
                return JSONResponse.make(try await service.board(mode: query.get("mode"), since: query.get("since")))
            }
        }
        stats.get("players/:name") { _, context in
            await JSONResponse.handling {
                JSONResponse.make(try await service.player(try context.parameters.decoded("name")))
            }
        }
        stats.get("live") { _, _ in await JSONResponse.handling { JSONResponse.make(try service.live()) } }
        stats.get("servers") { _, _ in await JSONResponse.handling { JSONResponse.make(try service.servers()) } }
        stats.post("servers") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(ServerRequest.self, from: request)
                return JSONResponse.make(["address": try await service.addServer(body.address)], status: .created)
            }
        }
        stats.post("servers/scan") { request, _ in
            await JSONResponse.handling {
                let add = request.uri.queryParameters.get("add") == "true"
                return JSONResponse.make(try await service.scanLAN(add: add))
            }
        }
        stats.delete("servers") { request, _ in
            await JSONResponse.handling {
                try await service.removeServer(request.uri.queryParameters.get("address") ?? "")
                return JSONResponse.make(try service.servers())
            }
        }
        stats.get("watches") { _, _ in await JSONResponse.handling { JSONResponse.make(try service.watches()) } }
        stats.post("watches") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(WatchRequest.self, from: request)
                return JSONResponse.make(try await service.watch(body.path, server: body.server), status: .created)
            }
        }
        stats.delete("watches") { request, _ in
            await JSONResponse.handling {
                try await service.unwatch(request.uri.queryParameters.get("path") ?? "")
                return JSONResponse.make(try service.watches())
            }
        }
        stats.post("ingest") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(WatchRequest.self, from: request)
                let (signed, known, refused) = try await service.ingest(body.path, server: body.server)
                return JSONResponse.make(Ingested(signed: signed, known: known, refused: refused))
            }
        }
        stats.get("claims") { _, _ in await JSONResponse.handling { JSONResponse.make(try await service.claims()) } }
        stats.post("claims") { request, _ in
            await JSONResponse.handling {
                let body = try await JSONResponse.decodeBody(ClaimRequest.self, from: request)
                return JSONResponse.make(try await service.claim(body.name, claimed: body.claimed ?? true))
            }
        }
    }
}
