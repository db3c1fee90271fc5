import TracuuCore
import TracuuStore

/// What a search adds up over its segments.
struct Tally {
    /// Matches with every word (the response's `total`).
    var total = 0
    /// Matches with some of the words only.
    var partialTotal = 0
    var histogram: Histogram
    /// Documents scored in full, and those passed over because they could
    /// not enter the page.
    var scored = 0
    var skipped = 0
}

/// One segment's part of a search: its plan and what the loops read per
/// document, held as values (read once here, not per document: through the
/// plan, the segment and the groups, each document retained and released
/// them, a tenth of a query's time).
struct SegmentWalk {
    let plan: SegmentPlan
    let root: Scorer
    let segmentIndex: Int
    let base: Int
    let dates: ColumnsReader.View?
    let skipped: SkippedDocs
    let rankedByScore: Bool
    let pageSize: Int

    init(
        plan: SegmentPlan, segmentIndex: Int, base: Int, dates: ColumnsReader.View?, skipped: SkippedDocs,
        rankedByScore: Bool, pageSize: Int
    ) {
        self.plan = plan
        root = plan.root
        self.segmentIndex = segmentIndex
        self.base = base
        self.dates = dates
        self.skipped = skipped
        self.rankedByScore = rankedByScore
        self.pageSize = pageSize
    }

    func date(_ local: Int32) -> Int64 { dates?[Int(local)] ?? ArticleSchema.Column.noDate }
}

extension Searcher {
    /// The search of a segment whose matches `ExactMatches` knows: counted
    /// from the bits, then only the documents that may enter the page are
    /// visited, in order, the scorers moved straight to each, and every
    /// block whose bound is below the page's bar jumped over whole.
    func walkCounted(
        _ walk: SegmentWalk, exact: ExactMatches, query: ResolvedNode, dateRange: DateRange,
        request: SearchRequest, top: inout TopK<Candidate>, tally: inout Tally, matchedDocs: inout Set<Int32>, clock: inout SearchClock
    ) throws {
        // Count, dropping what the page never shows.
        var candidates = exact.matched
        // Sorted by date, the page's last article is at least as new as the
        // page-th newest candidate here. Documents come in the order they
        // were indexed, mostly oldest first, so the page's own bar would
        // let nearly each one in and have it scored, positions and all.
        var newest = request.sort == .date && walk.pageSize > 0 ? TopK<Int64>(capacity: walk.pageSize, isBetter: >) : nil
        var local = candidates.next(from: 0)
        while local != PostingsFormat.noMoreDocs {
            let date = walk.date(local)
            if walk.skipped.contains(Int(local)) || !passes(date, dateRange) {
                candidates.remove(local)
                local = candidates.next(from: local + 1)
                continue
            }
            newest?.insert(date)
            if exact.all?.contains(local) ?? true {
                tally.total += 1
                tally.histogram.count(date)
                if walk.pageSize > 0 && tally.total <= walk.pageSize { matchedDocs.insert(local) }
            } else {
                tally.partialTotal += 1
            }
            local = candidates.next(from: local + 1)
        }
        guard walk.pageSize > 0 else { return }  // counting only
        let oldestOnPage = newest?.threshold ?? .min
        let plan = walk.plan
        let root = walk.root
        // Sorted by date, the score decides between articles of the page's
        // last day (undated ones, in a corpus without dates, are all one day).
        let ceiling = try ScoreCeiling(query, plan: plan, occurrences: exact.occurrences)
        var scored = 0
        // Documents up to here need no new block bound.
        var checkedUntil: Int32 = -1
        local = candidates.next(from: 0)
        while local != PostingsFormat.noMoreDocs {
            try clock.tick()
            let date = walk.date(local)
            let bar = top.threshold
            if date < oldestOnPage || (bar != nil && request.sort == .date && date < bar!.date) {
                local = candidates.next(from: local + 1)
                continue
            }
            if let bar, request.sort == .relevance || date == bar.date, let bound = ceiling?.bound(local),
                bound * (1 + 1e-9) < bar.score
            {
                local = candidates.next(from: local + 1)
                continue
            }
            let found = try root.advance(to: local)
            // The bits are the scorers' matches: they agree, or the segment is damaged.
            guard found == local else {
                throw StoreError.corrupt("segment \(walk.segmentIndex)", "document \(local) is counted but not matched")
            }
            if let bar, request.sort == .relevance, local > checkedUntil {
                // Once per block range (the bar only rises, so a range
                // judged out stays out).
                if let block = plan.blockBound() {
                    checkedUntil = block.upTo
                    if block.bound * (1 + 1e-9) < bar.score {
                        local = block.upTo == PostingsFormat.noMoreDocs
                            ? block.upTo : candidates.next(from: block.upTo + 1)
                        continue
                    }
                } else {
                    checkedUntil = PostingsFormat.noMoreDocs
                }
            }
            var score = try root.score()
            if let bar, request.sort == .relevance || date == bar.date {
                let bound = try score + plan.compoundBound()
                if bound * (1 + 1e-9) < bar.score {
                    local = candidates.next(from: local + 1)
                    continue
                }
            }
            score += try plan.compoundScore()
            scored += 1
            let hasAll = exact.all?.contains(local) ?? true
            let matchedWords = try plan.matchCount()
            top.insert(
                Candidate(
                    doc: walk.base + Int(local), segment: walk.segmentIndex, local: local, score: score, date: date,
                    matchedWords: matchedWords, matchedAll: hasAll))
            local = candidates.next(from: local + 1)
        }
        tally.scored += scored
        tally.skipped += candidates.count - scored
    }

    /// The search of a segment by walking its scorers over every match:
    /// each is counted, and scored in full unless its block's bound, or its
    /// own words' scores, show it cannot enter the page.
    func walkAll(
        _ walk: SegmentWalk, lead: DateLead, dateRange: DateRange, request: SearchRequest, prunes: Bool,
        top: inout TopK<Candidate>, tally: inout Tally, matchedDocs: inout Set<Int32>, clock: inout SearchClock
    ) throws {
        var lead = lead
        let plan = walk.plan
        let root = walk.root
        // Documents up to here lie in blocks whose bound is below the page's bar.
        var skipUntil: Int32 = -1
        // Documents up to here need no new block bound.
        var checkedUntil: Int32 = -1
        while try lead.next() != PostingsFormat.noMoreDocs {
            try clock.tick()
            let local = root.doc
            if walk.skipped.contains(Int(local)) { continue }
            let date = walk.date(local)
            if !passes(date, dateRange) { continue }
            // How many words match is needed per document only to count
            // those with all of them; otherwise only for a kept candidate.
            var matchedWords = -1
            if walk.rankedByScore { matchedWords = try plan.matchCount() }
            let hasAll = !walk.rankedByScore || matchedWords == plan.wordCount
            if hasAll {
                tally.total += 1
                tally.histogram.count(date)
            } else {
                tally.partialTotal += 1
            }
            guard walk.pageSize > 0 else { continue }  // counting only
            if tally.total <= walk.pageSize { matchedDocs.insert(local) }
            // Pruning: every match is counted above, but a document that
            // cannot enter the page is not scored in full. Sorted by date,
            // an older one than the page's last is out at once; by
            // relevance, the words' scores (cheap: frequencies and
            // lengths) plus a bound of the compound-word score (which
            // needs positions) must reach the page's lowest score.
            let bar = prunes ? top.threshold : nil
            if let bar, request.sort == .date, date < bar.date {
                tally.skipped += 1
                continue
            }
            if let bar, request.sort == .relevance {
                // Block-max pruning: once per block range (the bar only
                // rises, so a range judged out stays out).
                if local > checkedUntil {
                    if let block = plan.blockBound() {
                        checkedUntil = block.upTo
                        if block.bound * (1 + 1e-9) < bar.score { skipUntil = block.upTo }
                    } else {
                        checkedUntil = PostingsFormat.noMoreDocs
                    }
                }
                if local <= skipUntil {
                    tally.skipped += 1
                    continue
                }
            }
            var score = try root.score()
            if let bar, request.sort == .relevance || date == bar.date {
                let bound = try score + plan.compoundBound()
                if bound * (1 + 1e-9) < bar.score {
                    tally.skipped += 1
                    continue
                }
            }
            score += try plan.compoundScore()
            tally.scored += 1
            if matchedWords < 0 { matchedWords = try plan.matchCount() }
            top.insert(
                Candidate(
                    doc: walk.base + Int(local), segment: walk.segmentIndex, local: local,
                    score: score, date: date, matchedWords: matchedWords, matchedAll: hasAll))
        }
    }
}
