import TracuuAnalysis
import TracuuCore
import TracuuQuery
import TracuuStore

/// "More like this": the articles closest to a given one.
///
/// The article's stored title and body are analyzed again, each term gets
/// its TF-IDF weight in the article (the ranking's tf′ × idf over the
/// index), and the `terms` heaviest ones, those other articles can share
/// (df ≥ 2), become an OR query ranked by TF-IDF — the approach of Lucene's
/// MoreLikeThis, which also ranks unboosted terms. The article itself is
/// left out, and so are its republished copies: they are the same story,
/// listed as the article's "also published at", not a similar one.
public enum SimilarArticles {
    public static func query(for id: String, in reader: IndexReader, terms: Int = 25, ranking: Ranking = .tfidf) throws
        -> String
    {
        let article = try StoredArticles.article(id: id, in: reader)
        let analyzer = Analyzer()
        var frequencies: [String: Int] = [:]
        for token in analyzer.termSequence((article.title ?? "") + "\n" + article.body) {
            frequencies[token.term, default: 0] += 1
        }
        let documents = reader.liveDocCount
        var weighted: [(term: String, weight: Double)] = []
        for (term, frequency) in frequencies {
            // Words the query language would read as operators, numbers and
            // single letters say little about what an article is about.
            guard term.count >= 2, !term.allSatisfy(\.isNumber),
                !term.contains(where: { "\"()*:-“”".contains($0) })
            else { continue }
            var docFreq = 0
            for segment in reader.segments {
                if let info = try segment.dictionary.lookup(ArticleSchema.key(ArticleSchema.Field.text, term)) {
                    docFreq += info.docFreq
                }
            }
            guard docFreq >= 2 else { continue }
            let tf = ranking.tfPart(freq: Double(frequency), length: 1, averageLength: 0)
            weighted.append((term, tf * ranking.idf(docFreq: docFreq, documents: documents)))
        }
        weighted.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
        let chosen = weighted.prefix(terms).map(\.term)
        guard !chosen.isEmpty else {
            throw EngineError(.notFound, "article \(id) has no words that other articles share")
        }
        return chosen.joined(separator: " OR ")
    }

    /// The `limit` articles most like `id` (after `offset`), the article itself left out.
    public static func search(
        id: String, searcher: Searcher, limit: Int = 10, offset: Int = 0, ranking: Ranking = .tfidf,
        dateRange: DateRange = DateRange()
    ) throws -> SearchResponse {
        let text = try query(for: id, in: searcher.reader, ranking: ranking)
        var request = SearchRequest(
            query: text, dateRange: dateRange, limit: limit + 1, offset: offset, ranking: ranking,
            fillWithPartialMatches: false, expandAliases: false, compoundWords: false)
        request.snippets = true
        var response = try searcher.search(request)
        response.query = "similar:\(id)"
        let before = response.hits.count
        response.hits.removeAll { $0.id == id }
        if response.hits.count == before, response.hits.count > limit { response.hits.removeLast() }
        // The article matches its own words: it is in `total` unless the date range left it out.
        if response.hits.count < before || dateRange.isUnbounded { response.total = max(0, response.total - 1) }
        return response
    }
}
