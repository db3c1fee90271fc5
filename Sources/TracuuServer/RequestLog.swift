import Dispatch
import Hummingbird
import Logging
import TracuuEngine

/// One structured log line per request: method, path, status, latency in
/// milliseconds and response size, as swift-log metadata (a log handler
/// that writes JSON or logfmt gets fields, not prose).
///
/// It also answers what the routes did not: an address no route knows (or
/// an error escaping a route) gets a JSON error under `/api/` and a page in
/// Vietnamese elsewhere, never an empty body.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now()
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = RequestLog.answer(error, path: request.uri.path)
        }
        let micros = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "query": .string(request.uri.query ?? ""),
                "status": .stringConvertible(response.status.code),
                "latency_ms": .string(JSON.format(Double(micros) / 1_000, decimals: 2)),
                "bytes": .stringConvertible(response.body.contentLength ?? -1),
            ])
        return response
    }

    static func answer(_ error: any Error, path: String) -> Response {
        var failure = RequestError.from(error)
        if let http = error as? HTTPError {
            failure =
                http.status == .notFound
                ? RequestError(kind: .notFound, message: "no such address: \(path)")
                : RequestError(kind: .http(http.status), message: http.body ?? http.status.reasonPhrase)
        }
        return path.hasPrefix("/api/")
            ? Responses.error(failure) : Responses.html(SearchPage.errorPage(failure), status: failure.status)
    }
}
