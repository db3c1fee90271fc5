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

    /// Moves the scorers to `local`, a document the bits counted as a match.
    func moveCounted(to local: Int32) throws {
        // The bits are the scorers' matches: they agree, or the segment is damaged.
        guard try root.advance(to: local) == local else {
            throw StoreError.corrupt("segment \(segmentIndex)", "document \(local) is counted but not matched")
        }
    }
}

/// Whether a bound of a document's score falls short of the page's bar.
/// The margin covers rounding: a bound adds the same parts as the score in
/// another order.
func cannotReach(_ bound: Double, _ bar: Double) -> Bool { bound * (1 + 1e-9) < bar }

/// Block-max pruning for a walk in document order: the range of blocks
/// from the current document is judged once (the bar only rises, so a
/// range judged out stays out).
struct BlockGate {
    /// Documents up to here need no new block bound.
    private var checkedUntil: Int32 = -1

    /// The last document of the range starting at `local` when the range
    /// is judged here and its bound cannot reach `bar`; nil otherwise.
    mutating func rangeOut(_ plan: SegmentPlan, at local: Int32, bar: Double) -> Int32? {
        guard local > checkedUntil else { return nil }
        guard let block = plan.blockBound() else {
            checkedUntil = PostingsFormat.noMoreDocs
            return nil
        }
        checkedUntil = block.upTo
        return cannotReach(block.bound, bar) ? block.upTo : nil
    }
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
        // Counted once: a count is a pass over the segment's bit words.
        let candidateCount: Int
        if dateRange.isUnbounded, tally.histogram.period == nil, newest == nil, exact.all == nil {
            // Nothing to read per document: the count is the bits' (64
            // documents a word), and only a first page's worth is listed.
            // Counting one by one cost a fifth of a one-word query.
            walk.skipped.remove(from: &candidates)
            candidateCount = candidates.count
            var local = candidates.next(from: 0)
            var total = tally.total
            while walk.pageSize > 0, total < walk.pageSize, local != PostingsFormat.noMoreDocs {
                total += 1
                matchedDocs.insert(local)
                local = candidates.next(from: local + 1)
            }
            tally.total += candidateCount
        } else {
            let before = tally.total + tally.partialTotal
            count(exact, walk, dateRange, newest: &newest, candidates: &candidates, tally: &tally, matchedDocs: &matchedDocs)
            candidateCount = tally.total + tally.partialTotal - before
        }
        guard walk.pageSize > 0 else { return }  // counting only
        let oldestOnPage = newest?.threshold ?? .min
        // Sorted by date, the score decides between articles of the page's
        // last day (undated ones, in a corpus without dates, are all one day).
        let ceiling = try ScoreCeiling(query, plan: walk.plan, occurrences: exact.occurrences)
        // The loop asks for a bound at every candidate; called through the
        // reference, each call was wrapped in a retain and a release (a
        // tenth of a one-word query). `ceiling` holds it to the end.
        let bounds = ceiling.map { Unmanaged.passUnretained($0) }
        defer { withExtendedLifetime(ceiling) {} }
        let seeds = request.sort == .relevance && top.count < walk.pageSize
            && candidateCount > Searcher.seedingFactor * walk.pageSize
        let scored: Int
        if seeds, let bounds {
            scored = try walkSeeded(
                walk, bounds: bounds, exact: exact, candidates: candidates, count: candidateCount, top: &top,
                clock: &clock)
        } else {
            scored = try walkInOrder(
                walk, bounds: bounds, exact: exact, candidates: &candidates, oldestOnPage: oldestOnPage,
                sort: request.sort, top: &top, clock: &clock)
        }
        tally.scored += scored
        tally.skipped += candidateCount - scored
    }

    /// `walkCounted`'s walk in document order, each candidate judged by the
    /// bar as it stands: its words' essential documents, its run's bound,
    /// its date, its own bound, its blocks' bound. Returns how many
    /// documents were scored in full.
    private func walkInOrder(
        _ walk: SegmentWalk, bounds: Unmanaged<ScoreCeiling>?, exact: ExactMatches, candidates: inout DocBits,
        oldestOnPage: Int64, sort: SearchRequest.Sort, top: inout TopK<Candidate>, clock: inout SearchClock
    ) throws -> Int {
        var gate: BlockGate? = BlockGate()
        var scored = 0
        let runLength = ScoreCeiling.runLength
        // The run of documents whose `runBound` was last asked for.
        var judgedRun = -1
        var local = candidates.next(from: 0)
        while local != PostingsFormat.noMoreDocs {
            try clock.tick()
            let bar = top.threshold
            if let bar, sort == .relevance,
                let essential = bounds?._withUnsafeGuaranteedRef({ $0.essentialDocs(bar: bar.score) })
            {
                candidates.formIntersection(essential)
                local = candidates.next(from: local)
                continue
            }
            if let bar, sort == .relevance, Int(local) / runLength != judgedRun, let bounds {
                judgedRun = Int(local) / runLength
                let start = judgedRun * runLength
                let end = min(start + runLength, exact.occurrences.docCount)
                if let run = bounds._withUnsafeGuaranteedRef({ $0.runBound(start..<end) }), cannotReach(run, bar.score) {
                    local = candidates.next(from: Int32(end))
                    continue
                }
            }
            // By relevance a candidate's date matters only once it is kept
            // (`scoreAndKeep` reads it then), as in `walkAll`.
            let date = sort == .date ? walk.date(local) : nil
            if let date, date < oldestOnPage || (bar != nil && date < bar!.date) {
                local = candidates.next(from: local + 1)
                continue
            }
            if let bar, sort == .relevance || date == bar.date,
                let bound = bounds?._withUnsafeGuaranteedRef({ $0.bound(local) }), cannotReach(bound, bar.score)
            {
                local = candidates.next(from: local + 1)
                continue
            }
            if let upTo = try visitCounted(
                walk, local, exact: exact, bar: bar, sort: sort, gate: &gate, top: &top, scored: &scored)
            {
                local = upTo == PostingsFormat.noMoreDocs ? upTo : candidates.next(from: upTo + 1)
                continue
            }
            local = candidates.next(from: local + 1)
        }
        return scored
    }

    /// Moves the scorers to `local`, a document the bits counted, and
    /// scores it for the page (counted in `scored` if kept), unless, by
    /// relevance and with a `gate`, the range of blocks from it cannot
    /// reach the bar: then returns that range's last document.
    private func visitCounted(
        _ walk: SegmentWalk, _ local: Int32, exact: ExactMatches, bar: Candidate?, sort: SearchRequest.Sort,
        gate: inout BlockGate?, top: inout TopK<Candidate>, scored: inout Int
    ) throws -> Int32? {
        try walk.moveCounted(to: local)
        if let bar, sort == .relevance, let upTo = gate?.rangeOut(walk.plan, at: local, bar: bar.score) { return upTo }
        if try scoreAndKeep(
            walk, local, date: sort == .date ? walk.date(local) : nil, bar: bar, sort: sort,
            hasAll: exact.all?.contains(local) ?? true, top: &top)
        {
            scored += 1
        }
        return nil
    }

    /// Seeding pays only when the candidates outnumber the page by this
    /// much: below it, the walk in order scores about as many.
    static let seedingFactor = 4

    /// `walkCounted` by relevance when the page is not full yet: the
    /// candidates whose bounds are highest, a page's worth, are scored
    /// first, so the bar starts about as high as it will end; then the plan
    /// is rewound and the rest walked in document order, each candidate
    /// judged by the bound worked out in the first pass. Returns how many
    /// documents were scored in full.
    ///
    /// Why: in document order the bar starts at nothing and rises with each
    /// better document, so the first segment scored, positions and all,
    /// about k · ln(n / k) documents where the page needs k. On the
    /// benchmark corpus's first segment, "dau tu nuoc ngoai" scored 207
    /// documents where 18 had bounds above the final bar, "an ninh khu vực"
    /// 193 against 29, "Trung" 96 against 10. The bounds are kept from the
    /// first pass (12 bytes a candidate): worked out twice, they cost a
    /// one-word query more than the scoring saved.
    private func walkSeeded(
        _ walk: SegmentWalk, bounds: Unmanaged<ScoreCeiling>, exact: ExactMatches, candidates: DocBits, count: Int,
        top: inout TopK<Candidate>, clock: inout SearchClock
    ) throws -> Int {
        let buffers = exact.occurrences.buffers
        var (docs, ceilings) = buffers.seeds
        buffers.seeds = ([], [])
        defer { buffers.seeds = (docs, ceilings) }
        docs.removeAll(keepingCapacity: true)
        ceilings.removeAll(keepingCapacity: true)
        if docs.capacity < count {
            // Room for every document of the segment at once (pages are
            // mapped only as the lists fill): grown to each search's
            // count, they moved to fresh pages again and again.
            docs.reserveCapacity(max(count, exact.occurrences.docCount))
            ceilings.reserveCapacity(max(count, exact.occurrences.docCount))
        }
        var best = TopK<(bound: Double, index: Int)>(capacity: walk.pageSize) {
            $0.bound > $1.bound || ($0.bound == $1.bound && $0.index < $1.index)
        }
        // The bits read here, not through `forEach`, to tick the clock: at
        // 4× a segment's bounds take milliseconds.
        for (index, word) in candidates.words.enumerated() {
            var rest = word
            while rest != 0 {
                let local = Int32(index << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
                try clock.tick()
                let bound = bounds._withUnsafeGuaranteedRef { $0.bound(local) }
                docs.append(local)
                ceilings.append(bound)
                if best.threshold.map({ bound > $0.bound }) ?? true { best.insert((bound, docs.count - 1)) }
            }
        }
        var scored = 0
        // Seeds are scored whatever their blocks' bound: no gate yet.
        var noGate: BlockGate? = nil
        for index in best.sorted().map(\.index).sorted() {
            try clock.tick()
            _ = try visitCounted(
                walk, docs[index], exact: exact, bar: top.threshold, sort: .relevance, gate: &noGate, top: &top,
                scored: &scored)
            ceilings[index] = -.infinity  // done
        }
        walk.plan.rewind()
        var gate: BlockGate? = BlockGate()
        var index = 0
        while index < docs.count {
            try clock.tick()
            let bar = top.threshold
            if ceilings[index] == -.infinity || (bar.map { cannotReach(ceilings[index], $0.score) } ?? false) {
                index += 1
                continue
            }
            if let upTo = try visitCounted(
                walk, docs[index], exact: exact, bar: bar, sort: .relevance, gate: &gate, top: &top, scored: &scored)
            {
                while index < docs.count && docs[index] <= upTo { index += 1 }
                continue
            }
            index += 1
        }
        return scored
    }

    /// Counts the matches one by one (a date range, a histogram, a date
    /// sort or a ranking over any word reads each one's date or words),
    /// taking out of `candidates` those the page never shows.
    private func count(
        _ exact: ExactMatches, _ walk: SegmentWalk, _ dateRange: DateRange, newest: inout TopK<Int64>?,
        candidates: inout DocBits, tally: inout Tally, matchedDocs: inout Set<Int32>
    ) {
        exact.matched.forEach { local in
            let date = walk.date(local)
            if walk.skipped.contains(Int(local)) || !passes(date, dateRange) {
                candidates.remove(local)
                return
            }
            newest?.insert(date)
            if exact.all?.contains(local) ?? true {
                tally.total += 1
                tally.histogram.count(date)
                if walk.pageSize > 0 && tally.total <= walk.pageSize { matchedDocs.insert(local) }
            } else {
                tally.partialTotal += 1
            }
        }
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
        // Documents up to here lie in blocks whose bound is below the page's bar.
        var skipUntil: Int32 = -1
        var gate = BlockGate()
        // A match's date is read only where something asks for it: by
        // relevance, with no range and no histogram, only the documents
        // kept for the page need theirs. Read for every match, the date
        // column's cache misses were a tenth of a short list's walk.
        let readsDates = !dateRange.isUnbounded || tally.histogram.period != nil || request.sort == .date
        while try lead.next() != PostingsFormat.noMoreDocs {
            try clock.tick()
            let local = walk.root.doc
            if walk.skipped.contains(Int(local)) { continue }
            let date = readsDates ? walk.date(local) : nil
            if let date, !passes(date, dateRange) { continue }
            // How many words match is needed per document only to count
            // those with all of them; otherwise only for a kept candidate.
            var matchedWords: Int?
            if walk.rankedByScore { matchedWords = try plan.matchCount() }
            let hasAll = !walk.rankedByScore || matchedWords == plan.wordCount
            if hasAll {
                tally.total += 1
                if let date { tally.histogram.count(date) }
            } else {
                tally.partialTotal += 1
            }
            guard walk.pageSize > 0 else { continue }  // counting only
            if tally.total <= walk.pageSize { matchedDocs.insert(local) }
            // Pruning: every match is counted above, but a document that
            // cannot enter the page is not scored in full. Sorted by date,
            // an older one than the page's last is out at once; by
            // relevance, a block range whose bound is below the page's
            // lowest score is passed over.
            let bar = prunes ? top.threshold : nil
            if let bar, let date, request.sort == .date, date < bar.date {
                tally.skipped += 1
                continue
            }
            if let bar, request.sort == .relevance {
                if let upTo = gate.rangeOut(plan, at: local, bar: bar.score) { skipUntil = upTo }
                if local <= skipUntil {
                    tally.skipped += 1
                    continue
                }
            }
            if try scoreAndKeep(
                walk, local, date: date, bar: bar, sort: request.sort, matchedWords: matchedWords, hasAll: hasAll, top: &top)
            {
                tally.scored += 1
            } else {
                tally.skipped += 1
            }
        }
    }

    /// Scores the scorers' current document in full and keeps it as a
    /// candidate, unless its words' score (cheap: frequencies and lengths)
    /// plus a bound of its compound-word score (which needs positions)
    /// cannot reach the page's bar: by relevance, or on the page's last day
    /// by date. Returns whether it was scored. `date`: nil when not read
    /// yet (by relevance, read here for a kept document). `matchedWords`:
    /// already known, or worked out here for a kept document.
    private func scoreAndKeep(
        _ walk: SegmentWalk, _ local: Int32, date: Int64?, bar: Candidate?, sort: SearchRequest.Sort,
        matchedWords: Int? = nil, hasAll: Bool, top: inout TopK<Candidate>
    ) throws -> Bool {
        let plan = walk.plan
        var score = try walk.root.score()
        if let bar, sort == .relevance || (date ?? walk.date(local)) == bar.date,
            cannotReach(score + (try plan.compoundBound()), bar.score)
        {
            return false
        }
        score += try plan.compoundScore()
        top.insert(
            Candidate(
                doc: walk.base + Int(local), segment: walk.segmentIndex, local: local, score: score,
                date: date ?? walk.date(local), matchedWords: try matchedWords ?? plan.matchCount(), matchedAll: hasAll))
        return true
    }
}
