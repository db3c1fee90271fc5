import Foundation

/// What one request may ask of the server. A search engine on a shared
/// machine must bound the work of a single request: an unbounded `limit`
/// loads and snippets every match, an unbounded query resolves thousands
/// of words, and deep paging ranks everything before the page.
public struct ServerLimits: Sendable {
    /// Longest query, in characters. A pasted headline or paragraph fits;
    /// a longer one is refused (cutting it would change what it asks).
    public var queryCharacters = 1_000
    /// Most results per request; a larger `limit` is lowered to it (the
    /// response's `limit` says what was applied).
    public var resultsPerPage = 100
    /// Deepest result reachable by paging (`offset + limit`).
    public var deepestResult = 10_000
    /// A search running longer is stopped and answered with 503.
    public var timeLimitMilliseconds = 2_000
    /// Searches running at once: one per core (more would only share them).
    public var concurrentSearches = ProcessInfo.processInfo.activeProcessorCount
    /// Searches waiting for a core beyond which requests get 503 at once.
    public var waitingSearches = 256

    public init() {}
}
