import Hummingbird
import TracuuCore
import TracuuEngine
import TracuuQuery

/// The JSON API: the command line's answers over HTTP, in the same shapes
/// (`GET /api/search` is `tracuu search --format json`, `/api/articles/ID`
/// is `tracuu show ID --format json`, `/api/stats` is `tracuu stats
/// --format json`), so a program can move between the two freely.
struct APIRoutes: Sendable {
    let service: SearchService

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/search") { request, _ in await self.search(FormQuery(request.uri.query)) }
        router.get("/api/articles/:id") { _, context in self.article(context.parameters.get("id") ?? "") }
        router.get("/api/stats") { _, _ in self.stats() }
        router.get("/healthz") { _, _ in self.health() }
    }

    func search(_ form: FormQuery) async -> Response {
        do {
            let parameters = try SearchParameters(form, limits: service.limits)
            let (request, response) = try await service.search(parameters)
            return Responses.json(SearchOutput.json(response, request: request, profile: parameters.profile))
        } catch {
            return Responses.error(RequestError.from(error))
        }
    }

    func article(_ addressID: String) -> Response {
        answer { ArticleOutput.json(try service.article(addressID: addressID)) }
    }

    func stats() -> Response {
        answer { try service.snapshots.current().indexStats().json(index: service.snapshots.path) }
    }

    /// 200 while the newest commit can be served, 503 with the reason
    /// otherwise (for load balancers and `curl --fail` in scripts).
    func health() -> Response {
        do {
            let snapshot = try service.snapshots.current()
            return Responses.json(
                .object([
                    ("status", .string("ok")), ("generation", .int(Int(snapshot.generation))),
                    ("documents", .int(snapshot.reader.liveDocCount)),
                ]))
        } catch {
            let failure = RequestError.from(error)
            return Responses.json(
                .object([("status", .string("unavailable")), ("error", .string(failure.message))]),
                status: .serviceUnavailable)
        }
    }

    private func answer(_ body: () throws -> JSON) -> Response {
        do {
            return Responses.json(try body())
        } catch {
            return Responses.error(RequestError.from(error))
        }
    }
}
