import TracuuCore
import TracuuEngine
import TracuuQuery

/// What both faces of the server, the API and the page, ask of the index:
/// a search within the server's limits on the newest commit, and an
/// article by id.
struct SearchService: Sendable {
    let snapshots: IndexSnapshots
    let limits: ServerLimits
    let gate: SearchGate

    /// Runs `parameters` on the newest commit, on a search thread in turn.
    func search(_ parameters: SearchParameters) async throws -> (request: SearchRequest, response: SearchResponse) {
        let request = parameters.request(limits: limits)
        let snapshot = try snapshots.current()
        let response = try await gate.run { [gate] in
            // A second thread only while no other search runs or waits.
            var request = request
            request.sharesSegments = gate.searches <= 1
            return try snapshot.withSearcher { try $0.search(request) }
        }
        return (request, response)
    }

    /// The article with the id as it appears in an address (percent-encoded).
    func article(addressID: String) throws -> Article {
        try StoredArticles.article(id: FormQuery.decode(addressID[...]), in: snapshots.current().reader)
    }
}
