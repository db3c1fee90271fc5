import TracuuCore

/// What to search for and how to present it.
public struct SearchRequest: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        /// Best score first; ties: newer first, then by id.
        case relevance
        /// Newest first (undated last); ties by score, then by id.
        case date
    }

    /// Periods of a histogram of the matches' publication dates.
    public enum HistogramPeriod: String, Sendable, CaseIterable {
        case year, month
    }

    public var query: String
    public var dateRange: DateRange
    public var limit: Int
    public var offset: Int
    public var sort: Sort
    public var ranking: Ranking
    public var explain: Bool
    /// Whether hits get a snippet (batch runs that only rank can skip the work).
    public var snippets = true
    /// Whether to fill a short page with documents matching only some of the words.
    public var fillWithPartialMatches: Bool
    /// Whether names also search their aliases ("Hoa Kỳ" → "Mỹ").
    public var expandAliases: Bool
    /// Whether consecutive query words also match as a compound word (an
    /// indexed syllable pair with its own idf); off: each word on its own.
    public var compoundWords: Bool
    /// Queries of up to this many parts (words, phrases, groups) list the
    /// articles with every part first; longer ones — a pasted headline, a
    /// question — are ranked by score over articles with any part, since
    /// the best article rarely has every word (measured in bench/relevance.py).
    public var allWordsUpTo = 4
    /// Weight of a word found in the title, added to its score in the text.
    public var titleWeight = 1.0
    /// Count the matches per year or month (nil: no histogram).
    public var histogram: HistogramPeriod?
    /// Score every matching document instead of skipping those whose upper
    /// bound cannot enter the page: the reference the pruning is tested
    /// against (same answer, slower).
    public var exhaustive = false
    /// A segment where the query's lists hold at least `countedFrom`
    /// postings (`Scorer.cost`), and one for every `countedEvery` of its
    /// documents, is counted from bits (`ExactMatches`) and walked only
    /// where a document may enter the page; one with fewer is walked
    /// whole, every match scored (still pruned by block bounds).
    ///
    /// Why: counting, bounding each candidate and seeding the page cost
    /// more than scoring a few hundred documents outright. On the
    /// benchmark's 2× index (eight segments of 7,000 to 27,000 articles),
    /// "Israel" with its aliases (76 to 417 postings a segment) took 0.52
    /// ms counted and 0.35 walked; "Campuchia" 0.62 and 0.46. From a few
    /// thousand postings counting wins ("ngoại", 3,300 to 4,000 a
    /// segment: 0.60 counted, 0.79 walked). The count's work grows with
    /// the segment (its bits, each candidate's bound), so a large segment
    /// is walked up to more postings: on the 4× index, whose largest
    /// segment holds 251,000 articles, one posting in 25 documents took
    /// one-word queries to 0.89 the time and every other class to 0.93 to
    /// 0.97 (paired medians). Lucene draws a like line: it counts the first
    /// thousand hits exactly before it skips.
    public var countedFrom = 1000
    public var countedEvery = 25

    /// Whether a segment of `documents` whose query lists hold `postings`
    /// is counted from bits (`countedFrom`).
    func counts(postings: Int, documents: Int) -> Bool {
        postings >= max(countedFrom, documents / max(countedEvery, 1))
    }

    /// Counts every segment from bits, however few its postings (tests of
    /// the counted walk on small corpora).
    public mutating func countEverySegment() {
        countedFrom = 0
        countedEvery = .max
    }

    /// Stop with `SearchTimeout` once the search has run this long (nil: no
    /// limit). The server sets it so one pathological query cannot hold a core.
    public var timeLimitMilliseconds: Int?
    /// Whether the search may take its segments on a second thread as well
    /// (`SegmentQueue`): worth it where a core would be idle, not on a
    /// server whose other searches keep every core busy.
    public var sharesSegments = true

    public init(
        query: String, dateRange: DateRange = DateRange(), limit: Int = 10, offset: Int = 0,
        sort: Sort = .relevance, ranking: Ranking = .tfidf, explain: Bool = false,
        fillWithPartialMatches: Bool = true, expandAliases: Bool = true, compoundWords: Bool = true
    ) {
        self.query = query
        self.dateRange = dateRange
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.ranking = ranking
        self.explain = explain
        self.fillWithPartialMatches = fillWithPartialMatches
        self.expandAliases = expandAliases
        self.compoundWords = compoundWords
    }
}

/// One result.
public struct SearchHit: Sendable {
    /// Global document number in the index snapshot (not stable across commits).
    public var doc: Int
    public var id: String
    public var source: String
    public var title: String?
    /// The first words of the body, for showing an article without a title.
    public var opening: String
    public var date: PublicationDate?
    public var score: Double
    public var snippet: Snippeter.Snippet
    /// False when the article lacks some of the query's words (a page filled
    /// up with partial matches).
    public var matchedAll: Bool
    /// Query words found, for partial matches.
    public var matchedWords: Int
    public var explanation: Explanation?
    /// Copies of this article published elsewhere (a press release on
    /// several sites), oldest first; they are not listed as hits of their own.
    public var alsoPublished: [Republished] = []
}

/// One republished copy of an article: its id, where and when.
public struct Republished: Sendable, Equatable {
    public var id: String
    public var source: String
    public var date: PublicationDate?

    public init(id: String, source: String, date: PublicationDate?) {
        self.id = id
        self.source = source
        self.date = date
    }
}

public struct SearchResponse: Sendable {
    public var query: String
    /// The parsed query, for display (`(hội AND nhập)`).
    public var parsed: String
    /// Articles matching the whole query (within the date range): exact.
    public var total: Int
    /// Articles matching only some of the words, when a page was filled with them.
    public var partialTotal: Int
    public var hits: [SearchHit]
    public var tookMicroseconds: Int
    /// The date range applied: `--from/--to` and the query's `date:` terms together.
    public var dateRange = DateRange()
    /// Matches (those counted in `total`) per period, oldest first, when a
    /// histogram was asked for; periods without matches are left out.
    public var histogram: [HistogramBucket]?
    /// Matches without a publication date (not in any bucket).
    public var undatedMatches = 0
    /// Documents whose score was computed (those filling a short page
    /// too), and those skipped because their upper bound could not enter
    /// the page (`--profile`).
    public var scored = 0
    public var skipped = 0
    /// Where the search's time went (`SearchPhases`).
    public var phases = SearchPhases()
}

/// One period of a histogram: `2017` or `2017-06`, and how many matches it holds.
public struct HistogramBucket: Sendable, Equatable {
    public var period: String
    public var count: Int

    public init(period: String, count: Int) {
        self.period = period
        self.count = count
    }
}
