import Hummingbird
import Logging
import NIOCore

/// `tracuu serve`: the JSON API and the search page over one index, on
/// Hummingbird.
///
/// Searches run on the request's own task, one per core at a time in
/// arrival order (`SearchGate`): a search is CPU work of a few milliseconds
/// that never waits on anything, and is stopped by the engine itself at
/// `limits.timeLimitMilliseconds`, so no request holds a core for longer.
public struct SearchServer: Sendable {
    public let snapshots: IndexSnapshots
    public let limits: ServerLimits

    public init(index path: String, limits: ServerLimits = ServerLimits()) {
        snapshots = IndexSnapshots(path: path)
        self.limits = limits
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestLog())
        let gate = SearchGate(threads: limits.concurrentSearches, maxWaiting: limits.waitingSearches)
        let service = SearchService(snapshots: snapshots, limits: limits, gate: gate)
        APIRoutes(service: service).add(to: router)
        PageRoutes(service: service).add(to: router)
        return router
    }

    /// The application bound to `host:port` (port 0: any free port, told
    /// to `onRunning`).
    public func application(
        host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "tracuu"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Whether `host` keeps the server to this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
