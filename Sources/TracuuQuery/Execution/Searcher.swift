import Dispatch
import FoundationEssentials
import TracuuAnalysis
import TracuuCore
import TracuuStore

/// Runs searches against one index snapshot.
///
/// Open one `Searcher` per snapshot and reuse it: it holds the collection
/// statistics (average lengths) computed once at open. Not thread-safe (it
/// owns an analyzer cache); use one per thread. A search shares its
/// words' lookups, its segments and its page's hits with a helper thread
/// of the searcher's own (`HelperThread`).
public final class Searcher {
    public let reader: IndexReader
    private let analyzer = Analyzer(initialCapacity: Analyzer.queryCapacity)
    private let averageTextLength: Double
    private let averageTitleLength: Double
    /// `ScoringContext.titleTfBound` for each ranking: worked out for every
    /// segment of every search, its 256 logarithms were a twentieth of a
    /// rare word's search.
    private let titleTfBounds: (tfidf: Double, bm25: Double)
    /// Whether the index holds syllable pairs (built with `--pairs`).
    private let hasPairs: Bool
    /// Republished copies, hidden behind the article each group shows.
    public let republications: Republications
    /// Each segment's earliest and latest publication day (nil: no dated
    /// article), found on the first date-filtered search (empty before).
    private var dateSpans: [ClosedRange<Int64>?] = []
    /// The query words' per-document counts, reused from search to search.
    private let countBuffers = CountBuffers()
    /// The same for the segments searched on the helper thread.
    private let helperBuffers = CountBuffers()
    /// Searches whose words hold fewer postings stay on one thread
    /// (`SegmentQueue`); tests lower it to search small indexes with two.
    var helpedPostings = SegmentQueue.helpedPostings
    /// The thread searches share their work with (`HelperThread`), started
    /// by the first search that may.
    private var helperThread: HelperThread?
    /// Query words resolved by earlier searches.
    private let resolvedWords = ResolvedWordCache()
    /// The alias list a query's names are expanded with.
    private let expander = AliasExpander()
    /// What each segment's names field says, read on the first search (a
    /// few dictionary lookups a segment, once per snapshot): whether it
    /// lists the names of `expander`'s list (`NameFinder`), and its
    /// articles written without marks (`UnmarkedTextDocs`).
    private var segmentMarkers: (listsAliasNames: [Bool], unmarkedDocs: [UnmarkedTextDocs?])?

    /// `republications`: the snapshot's groups when the caller keeps them
    /// (a server pools several searchers per snapshot); worked out here
    /// otherwise.
    public init(reader: IndexReader, republications: Republications? = nil) {
        self.reader = reader
        hasPairs = ArticleSchema.hasPairs(reader.commit.userData)
        var textTotal: Int64 = 0
        var titleTotal: Int64 = 0
        var live = 0
        for segment in reader.segments {
            live += segment.liveCount
            textTotal += Searcher.liveTotal(ArticleSchema.Column.textLength, in: segment)
            titleTotal += Searcher.liveTotal(ArticleSchema.Column.titleLength, in: segment)
        }
        self.republications = republications ?? Republications(reader: reader)
        averageTextLength = live > 0 ? Double(textTotal) / Double(live) : 1
        let averageTitleLength = live > 0 ? max(Double(titleTotal) / Double(live), 1) : 1
        self.averageTitleLength = averageTitleLength
        titleTfBounds = (
            ScoringContext.titleTfBound(.tfidf, averageTitleLength: averageTitleLength),
            ScoringContext.titleTfBound(.bm25, averageTitleLength: averageTitleLength)
        )
    }

    /// A column's total over the segment's live documents (0 without the
    /// column). The whole column is summed, then the deleted documents
    /// taken back out: a test per document made this a twentieth of a
    /// search process.
    private static func liveTotal(_ tag: String, in segment: SegmentReader) -> Int64 {
        guard let column = segment.columns.column(tag) else { return 0 }
        let view = segment.columns.view(column)
        var total = segment.columns.total(column)
        segment.deletions?.forEach { total &-= view[$0] }
        return total
    }

    /// A candidate result before its stored fields are loaded.
    struct Candidate {
        var doc: Int
        var segment: Int
        var local: Int32
        var score: Double
        var date: Int64
        var matchedWords: Int
        var matchedAll: Bool
    }

    deinit { helperThread?.stop() }

    /// The searcher's helper thread, started on first use.
    private func helper() -> HelperThread {
        if let helperThread { return helperThread }
        let thread = HelperThread()
        helperThread = thread
        return thread
    }

    public func search(_ request: SearchRequest) throws -> SearchResponse {
        let started = DispatchTime.now()
        var clock = SearchClock(request, started: started)
        var timer = PhaseTimer(started: started)
        let parsedQuery = try QueryParser(analyzer: analyzer).parseQuery(request.query)
        let dateRange = request.dateRange.intersection(parsedQuery.dateRange)
        var parsed = parsedQuery.node
        if request.expandAliases { parsed = expander.expand(parsed) }
        timer.lap(\.parse)
        var resolver = QueryResolver(reader: reader, ranking: request.ranking)
        let markers = try self.markers()
        resolver.namesComplete = request.expandAliases ? markers.listsAliasNames : nil
        resolver.unmarkedDocs = markers.unmarkedDocs
        resolver.titleWeight = request.titleWeight
        resolver.shared = resolvedWords
        resolver.helper = request.sharesSegments ? helper() : nil
        let resolved = try resolver.resolve(parsed)
        // A long query is ranked over articles with any of its parts.
        var matched = resolved
        var excludedParts: [ResolvedNode] = []
        let rankedByScore: Bool
        if case .and(let required, let excluded) = resolved, required.count > request.allWordsUpTo {
            matched = .or(required)
            excludedParts = excluded
            rankedByScore = true
        } else {
            rankedByScore = false
        }
        let compounds = try compoundWords(resolved, request: request, resolver: resolver)
        let order = ordering(request.sort, IdOrder(reader: reader))
        timer.lap(\.resolve)
        let job = SegmentJob(
            matched: matched, excluded: excludedParts, compounds: compounds, dateRange: dateRange, request: request,
            rankedByScore: rankedByScore, resolver: resolver)
        let pageSize = job.pageSize
        let queue = SegmentQueue(
            reader.segments.indices.filter { mayHold(dateRange, segment: $0) },
            docCounts: reader.segments.map(\.docCount))
        // The helper thread takes segments too, with its own buffers, tie
        // order and clock; this searcher's state is left alone there.
        let helper =
            !request.sharesSegments || queue.count < 2 || matched.postings < helpedPostings
            ? nil
            : helper().start { [clock, helperBuffers] in
                var clock = clock
                var timer = PhaseTimer(started: .now())
                return try self.search(
                    queue, job, order: self.ordering(request.sort, IdOrder(reader: self.reader)),
                    buffers: helperBuffers, clock: &clock, timer: &timer)
            }
        var outcome: SegmentsOutcome
        do {
            outcome = try search(queue, job, order: order, buffers: countBuffers, clock: &clock, timer: &timer)
        } catch {
            queue.close()
            _ = try? helper?.finish()  // it reads this searcher's reader: never left running
            throw error
        }
        if let theirs = try helper?.finish() { outcome.merge(theirs) }
        let top = outcome.top
        var tally = outcome.tally
        let matchedDocs = outcome.matchedDocs
        var candidates = top.sorted()
        timer.lap(\.walk)
        // Fill a short page with articles that have most of the words.
        if request.fillWithPartialMatches, !rankedByScore, candidates.count < pageSize,
            case .and(let required, let excluded) = resolved, required.count > 1
        {
            var partial = TopK<Candidate>(capacity: pageSize - candidates.count) { a, b in
                a.matchedWords != b.matchedWords ? a.matchedWords > b.matchedWords : order(a, b)
            }
            for (segmentIndex, segment) in reader.segments.enumerated() {
                if !mayHold(dateRange, segment: segmentIndex) { continue }
                let context = scoringContext(segmentIndex, request.ranking, resolver)
                guard
                    let plan = try SegmentPlan(
                        .or(required), context: context, excluded: excluded, compounds: compounds)
                else { continue }
                let dateColumn = segment.columns.column(ArticleSchema.Column.date).map(segment.columns.view)
                let skipped = SkippedDocs(segment: segment, hidden: republications.hiddenBits(segment: segmentIndex))
                // A narrow date range leads here too: the fill counts every
                // article with any word, and walking "ngoại OR giao" whole
                // to keep a year's was three quarters of such a search.
                var lead = DateLead(
                    root: plan.root,
                    inRange: request.exhaustive
                        ? nil : DateLead.datedDocs(dateColumn, dateRange, segment, cost: plan.root.cost))
                while try lead.next() != PostingsFormat.noMoreDocs {
                    try clock.tick()
                    let local = plan.root.doc
                    if skipped.contains(Int(local)) || matchedDocs[segmentIndex].contains(local) { continue }
                    let date = dateColumn?[Int(local)] ?? ArticleSchema.Column.noDate
                    if !passes(date, dateRange) { continue }
                    let matched = try plan.matchCount()
                    guard matched < required.count else { continue }  // a phrase child matched loosely
                    tally.partialTotal += 1
                    tally.scored += 1
                    partial.insert(
                        Candidate(
                            doc: reader.docBases[segmentIndex] + Int(local), segment: segmentIndex, local: local,
                            score: try plan.root.score() + plan.compoundScore(), date: date, matchedWords: matched,
                            matchedAll: false))
                }
            }
            candidates += partial.sorted()
        }
        timer.lap(\.fill)
        let page = candidates.dropFirst(request.offset).prefix(request.limit)
        let snippetQuery = Snippeter.Query(
            words: resolved.allWords.map {
                Snippeter.Word(
                    term: $0.term, weight: max($0.maxIDF, 0.1), forms: $0.isPrefix ? $0.variants.map(\.term) : [])
            }, phrases: resolved.phraseRuns)
        try clock.checkNow()
        let hits = try hits(
            Array(page), snippetQuery: snippetQuery, resolved: resolved, compounds: compounds, request: request,
            resolver: resolver)
        timer.lap(\.hits)
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1000)
        var response = SearchResponse(
            query: request.query, parsed: parsed.description, total: tally.total, partialTotal: tally.partialTotal,
            hits: hits, tookMicroseconds: elapsed)
        response.dateRange = dateRange
        response.histogram = tally.histogram.buckets
        response.undatedMatches = tally.histogram.undated
        response.scored = tally.scored
        response.skipped = tally.skipped
        response.phases = timer.phases
        return response
    }

    /// What a search needs to walk any of its segments, worked out once.
    struct SegmentJob {
        let matched: ResolvedNode
        let excluded: [ResolvedNode]
        let compounds: SegmentPlan.CompoundWords
        let dateRange: DateRange
        let request: SearchRequest
        let rankedByScore: Bool
        let resolver: QueryResolver

        /// Candidates kept: the page and every one before it.
        var pageSize: Int { request.offset + request.limit }
        /// Whether documents that cannot enter the page may go unscored.
        var prunes: Bool { !request.exhaustive && !request.explain }
    }

    /// Searches the segments it takes from `queue` in turn: their best
    /// candidates, counts, and the documents with every word of each.
    private func search(
        _ queue: SegmentQueue, _ job: SegmentJob, order: @escaping (Candidate, Candidate) -> Bool, buffers: CountBuffers,
        clock: inout SearchClock, timer: inout PhaseTimer
    ) throws -> SegmentsOutcome {
        let request = job.request
        var outcome = SegmentsOutcome(
            top: TopK<Candidate>(capacity: job.pageSize, isBetter: order),
            tally: Tally(histogram: Histogram(period: request.histogram)),
            // Documents with every word, remembered only while they may be
            // too few for a page (the partial-match fill must not list them
            // twice).
            matchedDocs: reader.segments.map { _ in [] })
        while let segmentIndex = queue.take() {
            let segment = reader.segments[segmentIndex]
            let context = scoringContext(segmentIndex, request.ranking, job.resolver)
            let segmentPlan = try SegmentPlan(
                job.matched, context: context, excluded: job.excluded, compounds: job.compounds)
            timer.lap(\.plan)
            guard let plan = segmentPlan else { continue }
            let walk = SegmentWalk(
                plan: plan, segmentIndex: segmentIndex, base: reader.docBases[segmentIndex],
                dates: segment.columns.column(ArticleSchema.Column.date).map(segment.columns.view),
                skipped: SkippedDocs(segment: segment, hidden: republications.hiddenBits(segment: segmentIndex)),
                rankedByScore: job.rankedByScore, pageSize: job.pageSize)
            // A narrow date range leads through the few documents it holds;
            // otherwise the matches are counted from their bits when they
            // can be and are many (`SearchRequest.countedFrom`), and the
            // scorers walk only what may enter the page.
            let inRange =
                request.exhaustive ? nil : DateLead.datedDocs(walk.dates, job.dateRange, segment, cost: plan.root.cost)
            let exact =
                job.prunes && inRange == nil && request.counts(postings: plan.root.cost, documents: segment.docCount)
                ? try ExactMatches(
                    job.matched, rankedOverAny: job.rankedByScore, excluded: job.excluded, context: context,
                    buffers: buffers, clock: &clock) : nil
            timer.lap(\.count)
            if let exact {
                try walkCounted(
                    walk, exact: exact, query: job.matched, dateRange: job.dateRange, request: request,
                    top: &outcome.top, tally: &outcome.tally, matchedDocs: &outcome.matchedDocs[segmentIndex],
                    clock: &clock)
            } else {
                try walkAll(
                    walk, lead: DateLead(root: plan.root, inRange: inRange), dateRange: job.dateRange,
                    request: request, prunes: job.prunes, top: &outcome.top, tally: &outcome.tally,
                    matchedDocs: &outcome.matchedDocs[segmentIndex], clock: &clock)
            }
            timer.lap(\.walk)
        }
        return outcome
    }

    /// Whether a segment may hold an article of the range: a date filter
    /// skips segments dated wholly outside it (or not dated at all) without
    /// reading their postings. Archives are ingested roughly in order, so
    /// segments cover periods and a narrow range touches few of them.
    private func mayHold(_ range: DateRange, segment index: Int) -> Bool {
        if range.isUnbounded { return true }
        if dateSpans.isEmpty { dateSpans = reader.segments.map(Searcher.dateSpan) }
        guard let span = dateSpans[index] else { return false }
        if let lower = range.lower, span.upperBound < Int64(lower.number) { return false }
        if let upper = range.upper, span.lowerBound > Int64(upper.number) { return false }
        return true
    }

    private static func dateSpan(_ segment: SegmentReader) -> ClosedRange<Int64>? {
        guard let column = segment.columns.column(ArticleSchema.Column.date) else { return nil }
        let dates = segment.columns.view(column)
        var earliest = Int64.max
        var latest = Int64.min
        for doc in 0..<segment.docCount {
            let date = dates[doc]
            if date == ArticleSchema.Column.noDate { continue }
            earliest = min(earliest, date)
            latest = max(latest, date)
        }
        return earliest <= latest ? earliest...latest : nil
    }

    func passes(_ date: Int64, _ range: DateRange) -> Bool {
        if range.isUnbounded { return true }
        guard date != ArticleSchema.Column.noDate else { return false }
        return range.contains(Day(number: Int32(date)))
    }

    /// Result order. Ties go to the newer article, then to the smaller id:
    /// ids, unlike document numbers, do not depend on how the index was
    /// built (incrementally or at once), so the same corpus gives the same
    /// page.
    private func ordering(_ sort: SearchRequest.Sort, _ ids: IdOrder) -> (Candidate, Candidate) -> Bool {
        switch sort {
        case .relevance:
            return { a, b in
                if a.score != b.score { return a.score > b.score }
                if a.date != b.date { return a.date > b.date }
                return ids.precedes(a, b)
            }
        case .date:
            return { a, b in
                if a.date != b.date { return a.date > b.date }
                if a.score != b.score { return a.score > b.score }
                return ids.precedes(a, b)
            }
        }
    }

    /// `segmentMarkers`, read when first needed.
    private func markers() throws(StoreError) -> (listsAliasNames: [Bool], unmarkedDocs: [UnmarkedTextDocs?]) {
        if let segmentMarkers { return segmentMarkers }
        var read: (listsAliasNames: [Bool], unmarkedDocs: [UnmarkedTextDocs?]) = ([], [])
        for segment in reader.segments {
            read.listsAliasNames.append(try ArticleSchema.listsAliasNames(segment, fingerprint: expander.aliases.fingerprint))
            read.unmarkedDocs.append(try UnmarkedTextDocs.read(segment))
        }
        segmentMarkers = read
        return read
    }

    func scoringContext(_ index: Int, _ ranking: Ranking, _ resolver: QueryResolver) -> ScoringContext {
        let segment = reader.segments[index]
        var context = ScoringContext(
            segment: segment, ranking: ranking, terms: resolver.segmentTerms[index],
            lengths: FieldLengths(
                text: segment.columns.column(ArticleSchema.Column.textLength).map(segment.columns.view),
                title: segment.columns.column(ArticleSchema.Column.titleLength).map(segment.columns.view),
                averageText: averageTextLength, averageTitle: averageTitleLength, ranking: ranking),
            documents: reader.liveDocCount,
            titleTfBound: ranking == .tfidf ? titleTfBounds.tfidf : titleTfBounds.bm25)
        context.namesComplete = resolver.namesComplete?[index] ?? false
        context.unmarkedDocs = resolver.unmarkedDocs[index]
        return context
    }

    /// How the consecutive words of the query as written (`query`, before a
    /// long one becomes the OR of its parts) score as compound words here:
    /// worked out once a search, for its segments, the page's fill and
    /// `--explain` alike (with syllable pairs it looks each pair up).
    ///
    /// Alternatives written with OR are no compound word: "Nhật OR Hàn"
    /// asks for either country, and scoring "nhật hàn" side by side only
    /// ranked the articles listing both above those about one. It also made
    /// every article with both words a candidate for the page (its bound
    /// has to allow every occurrence side by side), whose positions were
    /// read: "Nhật OR Hàn" scored 220 articles in full for a page of ten.
    func compoundWords(
        _ query: ResolvedNode, request: SearchRequest, resolver: QueryResolver
    ) throws(StoreError) -> SegmentPlan.CompoundWords {
        guard request.compoundWords else { return .off }
        if case .or = query { return .off }
        return hasPairs ? .pairs(try resolver.resolvePairs(query.compoundChain)) : .adjacency
    }

    /// The page's hits, made on this thread and the helper at once when
    /// the search may use it: each hit reads its article's stored frames
    /// and its copies' (three a hit at four copies of the corpus), and a
    /// snippet analyzes the body. One after the other they were an eighth
    /// of a one-word query at 1×, a sixth at 4×, without snippets.
    private func hits(
        _ page: [Candidate], snippetQuery: Snippeter.Query, resolved: ResolvedNode,
        compounds: SegmentPlan.CompoundWords, request: SearchRequest, resolver: QueryResolver
    ) throws -> [SearchHit] {
        func make(_ index: Int, _ analyzer: Analyzer) throws -> SearchHit {
            try hit(
                page[index], snippetQuery: snippetQuery, resolved: resolved, compounds: compounds, request: request,
                resolver: resolver, analyzer: analyzer)
        }
        guard page.count > 1, request.sharesSegments, !request.explain else {
            return try page.indices.map { try make($0, analyzer) }
        }
        let analyzers = [analyzer, helperAnalyzer]
        return try helper().sharing(page.count) { index, worker in try make(index, analyzers[worker]) }
    }

    /// The analyzer the helper thread makes snippets with (an analyzer
    /// keeps caches of its own and is not shared between threads).
    private lazy var helperAnalyzer = Analyzer(initialCapacity: Analyzer.queryCapacity)

    private func hit(
        _ candidate: Candidate, snippetQuery: Snippeter.Query, resolved: ResolvedNode,
        compounds: SegmentPlan.CompoundWords, request: SearchRequest, resolver: QueryResolver, analyzer: Analyzer
    ) throws -> SearchHit {
        let segment = reader.segments[candidate.segment]
        // The body (kept apart in the stored file) only for a snippet, or
        // for the opening words an untitled article is shown by.
        var stored = try segment.stored.document(Int(candidate.local), includingApart: request.snippets)
        if stored[ArticleSchema.Stored.body] == nil, stored[ArticleSchema.Stored.title] == nil {
            stored = try segment.stored.document(Int(candidate.local))
        }
        func text(_ id: UInt8) -> String? { stored[id].map { String(decoding: $0, as: UTF8.self) } }
        let date = ArticleSchema.publicationDate(in: segment, local: Int(candidate.local))
        let title = text(ArticleSchema.Stored.title)
        let bodyBytes = stored[ArticleSchema.Stored.body] ?? []
        let snippet =
            request.snippets
            ? Snippeter().snippet(
                body: String(decoding: bodyBytes, as: UTF8.self), query: snippetQuery, analyzer: analyzer)
            : Snippeter.Snippet(text: "", highlights: [])
        var explanation: Explanation?
        if request.explain {
            explanation = try explain(
                candidate, resolved: resolved, compounds: compounds, request: request, resolver: resolver)
        }
        var hit = SearchHit(
            doc: candidate.doc, id: text(ArticleSchema.Stored.id) ?? String(candidate.doc),
            source: text(ArticleSchema.Stored.source) ?? "", title: title,
            opening: Searcher.opening(utf8: bodyBytes), date: date, score: candidate.score,
            snippet: snippet, matchedAll: candidate.matchedAll, matchedWords: candidate.matchedWords,
            explanation: explanation)
        hit.alsoPublished = try republications.copies(of: candidate.doc).map { try republished($0) }
        return hit
    }

    /// Where and when a copy of a shown article was published.
    private func republished(_ doc: Int) throws -> Republished {
        let (index, local) = reader.locate(doc)
        let segment = reader.segments[index]
        let stored = try segment.stored.document(local, includingApart: false)
        func text(_ id: UInt8) -> String { stored[id].map { String(decoding: $0, as: UTF8.self) } ?? "" }
        return Republished(
            id: text(ArticleSchema.Stored.id), source: text(ArticleSchema.Stored.source),
            date: ArticleSchema.publicationDate(in: segment, local: local))
    }

    /// The first sentence of the body, at most twelve words.
    static func opening(_ body: String) -> String { opening(utf8: Array(body.utf8)) }

    /// `opening` from the body's stored bytes: the words are found on the
    /// bytes, and only the dozen kept become a String (slicing the body
    /// into Substrings and testing each for a final "." cost 50,000
    /// instructions a hit, a twentieth of a one-word query in batch mode;
    /// decoding the whole body into a String first cost another 5,000).
    static func opening(utf8 body: [UInt8]) -> String {
        let space = UInt8(ascii: " ")
        let newline = UInt8(ascii: "\n")
        var kept: [UInt8] = []
        var count = 0
        var index = 0
        while index < body.count, body[index] != newline, count < 12 {
            if body[index] == space {
                index += 1
                continue
            }
            let start = index
            while index < body.count, body[index] != space, body[index] != newline { index += 1 }
            if count > 0 { kept.append(space) }
            kept += body[start..<index]
            count += 1
            // A sentence ends with a word whose last character is "."
            // (a byte test first: the Character test is rarely needed).
            if body[index - 1] == UInt8(ascii: "."),
                String(decoding: body[start..<index], as: UTF8.self).hasSuffix(".")
            {
                break
            }
        }
        let text = String(decoding: kept, as: UTF8.self)
        return count == 12 && !text.hasSuffix(".") ? text + "…" : text
    }

    /// Re-runs the query on the candidate's segment up to its document and
    /// asks every scorer why, with the search's own compound words.
    private func explain(
        _ candidate: Candidate, resolved: ResolvedNode, compounds: SegmentPlan.CompoundWords,
        request: SearchRequest, resolver: QueryResolver
    ) throws -> Explanation? {
        let ranking = request.ranking
        let node: ResolvedNode
        var excludedParts: [ResolvedNode] = []
        if case .and(let required, let excluded) = resolved,
            !candidate.matchedAll || required.count > request.allWordsUpTo
        {
            node = .or(required)
            excludedParts = excluded
        } else {
            node = resolved
        }
        guard
            let plan = try SegmentPlan(
                node, context: scoringContext(candidate.segment, ranking, resolver), excluded: excludedParts,
                compounds: compounds)
        else { return nil }
        guard try plan.root.advance(to: candidate.local) == candidate.local else { return nil }
        var parts = [try plan.root.explain()]
        let compoundParts = plan.compoundExplanations()
        if !compoundParts.isEmpty {
            parts.append(
                Explanation(
                    value: compoundParts.reduce(0) { $0 + $1.value },
                    description: hasPairs ? "compound words (syllable pairs)" : "compound words (adjacency)",
                    details: compoundParts))
        }
        let total = parts.reduce(0) { $0 + $1.value }
        let kind = ranking == .bm25 ? "BM25" : "TF-IDF"
        return Explanation(value: total, description: "\(kind) score, sum of:", details: parts)
    }
}

/// Article ids for breaking ties, read from the stored fields only when two
/// candidates tie on score and date (duplicates, mostly) and kept for the
/// rest of the search.
final class IdOrder {
    private let reader: IndexReader
    private var cache: [Int: String] = [:]

    init(reader: IndexReader) { self.reader = reader }

    func precedes(_ a: Searcher.Candidate, _ b: Searcher.Candidate) -> Bool {
        if a.doc == b.doc { return false }
        let idA = id(a)
        let idB = id(b)
        return idA != idB ? idA < idB : a.doc < b.doc
    }

    private func id(_ candidate: Searcher.Candidate) -> String {
        if let known = cache[candidate.doc] { return known }
        // A stored block that cannot be read leaves the id empty here; the
        // hit itself reports the damage when it is shown.
        let stored = try? reader.segments[candidate.segment].stored.document(Int(candidate.local), includingApart: false)
        let id = stored?[ArticleSchema.Stored.id].map { String(decoding: $0, as: UTF8.self) } ?? ""
        cache[candidate.doc] = id
        return id
    }
}
