import TracuuAnalysis

/// Fold keys of the words of article bodies, kept between snippets.
///
/// A snippet compares every word of a body with the query's words by fold
/// key, and working a key out is string work (spelling rules, mark
/// removal): measured at 14 % of a batch of searches when done per body.
/// Bodies share most of their vocabulary, so a searcher that lives for
/// many searches (a batch, the server) keeps the keys it has seen. Bounded:
/// past `capacity` words it starts again empty.
final class FoldKeyCache {
    private var keys: [String: String] = [:]
    private let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    func key(_ term: String) -> String {
        if let key = keys[term] { return key }
        let key = TermForms.foldKey(term)
        if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
        keys[term] = key
        return key
    }
}
