import Testing
import TracuuStore
import TracuuTestSupport

@testable import TracuuEngine
@testable import TracuuQuery

/// What the counted walk relies on, checked document by document on every
/// segment of a generated corpus: the bits `ExactMatches` counts are the
/// documents the scorers match, and `ScoreCeiling` is never below a
/// document's full score (words, titles, covered phrases, compound words),
/// nor is the bound of its run of documents (`ScoreCeiling.runBound`).
@Suite struct ScoreCeilingTests {
    @Test func bitsAreTheMatchesAndTheCeilingIsAboveEveryScore() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 13)
        let searcher = try corpus.searcher()
        var random = SeededRandom(seed: 3)
        let words = GeneratedCorpus.vocabulary + ["hoi", "ngoai", "hoa", "ngoa*"]
        var queries = ["lào OR \"nhân dân lào\"", "\"ngoại vụ\" OR \"sở ngoại vụ tỉnh\" OR vụ", "Lào", "title:hợp tác"]
        for round in 0..<40 {
            var parts = (0..<Int.random(in: 1...5, using: &random)).map { _ in words.randomElement(using: &random)! }
            if round % 3 == 1, parts.count >= 2 { parts.insert("OR", at: 1) }
            if round % 4 == 2, parts.count >= 2 { parts[parts.count - 1] = "-" + parts[parts.count - 1].replacingOccurrences(of: "*", with: "") }
            queries.append(parts.joined(separator: " "))
        }
        #expect(try Self.check(queries, searcher) > 10_000)
    }

    /// Counts stop at 255 a document (`PostingsCursor.insertDocs`); a
    /// document where a word occurs more often must still be bounded, for
    /// the word, its title part, a phrase and a compound of two such words.
    @Test func countsPast255StillBoundTheScore() throws {
        let corpus = Corpus()
        for n in 0..<21 {
            let repeats = [1, 2, 254, 255, 256, 300, 700][n % 7]
            let body = Array(repeating: "lào campuchia", count: repeats).joined(separator: " ")
                + String(repeating: " hợp tác", count: n)
            corpus.article("a\(n)", title: n % 3 == 0 ? Array(repeating: "Lào", count: 260 + n).joined(separator: " ") : "Lào \(n)", body: body)
        }
        try corpus.build()
        let searcher = Searcher(reader: try IndexLocation.openReader(corpus.index))
        let queries = ["lào", "lào campuchia", "\"lào campuchia\"", "campuchia OR lào", "lào hợp tác", "title:lào"]
        #expect(try Self.check(queries, searcher) >= 100)
    }

    /// Phrases are checked document by document while counting; a search
    /// out of time stops there, not after checking them all (the server's
    /// `--timeout` bounds a phrase of common words narrowed by a common word).
    @Test func phraseChecksWhileCountingStopAtTheDeadline() throws {
        let corpus = Corpus()
        let documents = SearchClock.interval + 100
        for n in 0..<documents {
            corpus.article("a\(n)", title: "Tin \(n)", body: "Hội nhập quốc tế, bài \(n).")
        }
        try corpus.build()
        let searcher = Searcher(reader: try IndexLocation.openReader(corpus.index))
        var request = SearchRequest(query: "hội \"nhập quốc tế\"")
        var resolver = QueryResolver(reader: searcher.reader, ranking: request.ranking)
        let resolved = try resolver.resolve(try QueryParser().parseQuery(request.query).node)
        let buffers = CountBuffers()
        // Every segment counted on one clock, as a search does.
        func count(_ clock: inout SearchClock) throws -> Int {
            var matched = 0
            for index in searcher.reader.segments.indices {
                let context = searcher.scoringContext(index, request.ranking, resolver)
                let exact = try ExactMatches(
                    resolved, rankedOverAny: false, excluded: [], context: context, buffers: buffers, clock: &clock)
                matched += try #require(exact).matched.count
            }
            return matched
        }

        var unlimited = SearchClock(request, started: .now())
        #expect(try count(&unlimited) == documents)

        request.timeLimitMilliseconds = 0
        var expired = SearchClock(request, started: .now())
        #expect(throws: SearchTimeout.self) { _ = try count(&expired) }
    }

    /// Checks every document each query matches in every segment; returns
    /// how many were checked.
    static func check(_ queries: [String], _ searcher: Searcher) throws -> Int {
        var checked = 0
        // One set of count buffers for every query, reused as a searcher does.
        let buffers = CountBuffers()
        for query in queries {
            for ranking in [Ranking.tfidf, .bm25] {
                let request = SearchRequest(query: query, ranking: ranking)
                guard let parsed = try? QueryParser().parseQuery(query) else { continue }
                var resolver = QueryResolver(reader: searcher.reader, ranking: ranking)
                let resolved = try resolver.resolve(AliasExpander().expand(parsed.node))
                let compounds = try searcher.compoundWords(resolved, request: request, resolver: resolver)
                var clock = SearchClock(request, started: .now())
                for index in searcher.reader.segments.indices {
                    let context = searcher.scoringContext(index, ranking, resolver)
                    guard let plan = try SegmentPlan(resolved, context: context, compounds: compounds),
                        let exact = try ExactMatches(
                            resolved, rankedOverAny: false, excluded: [], context: context, buffers: buffers,
                            clock: &clock),
                        let ceiling = try ScoreCeiling(resolved, plan: plan, occurrences: exact.occurrences)
                    else { continue }
                    var matched = 0
                    while try plan.root.next() != PostingsFormat.noMoreDocs {
                        let doc = plan.root.doc
                        #expect(exact.matched.contains(doc), "\(query): doc \(doc) matched but not counted")
                        let score = try plan.root.score() + plan.compoundScore()
                        #expect(ceiling.bound(doc) * (1 + 1e-9) >= score, "\(query): doc \(doc)")
                        // The bound of the document's run of 64 bounds it too.
                        let start = Int(doc) / ScoreCeiling.runLength * ScoreCeiling.runLength
                        if let run = ceiling.runBound(start..<min(start + ScoreCeiling.runLength, exact.occurrences.docCount)) {
                            #expect(run >= ceiling.bound(doc), "\(query): doc \(doc)")
                        }
                        matched += 1
                        checked += 1
                    }
                    #expect(matched == exact.matched.count, "\(query): segment \(index)")
                }
            }
        }
        return checked
    }
}
