import Synchronization

/// A search's segments taken one at a time by two threads, the calling
/// one and a helper, each keeping its own page, the pages merged after.
///
/// Why: the index a run builds has several segments (each indexing worker
/// flushes its own), and a search walked them one after the other. On the
/// benchmark index of four segments, merged into one by `tracuu optimize`,
/// one-word queries took 31 % less time and multi-word ones 23 % less: the
/// cost of each segment's plan, counting and first page. Merging after
/// every run would cost the indexing run a fifth of its time. Searching two
/// segments at once uses the machine's second core instead, which a batch
/// of queries or a single `tracuu search` leaves idle (Lucene's searcher
/// does the same with an executor, a slice of segments a thread).
///
/// The segments are taken from a shared counter, largest first, rather
/// than split in two fixed shares: the helper may start late (asleep, some
/// 30 µs after it is asked: see `HelperThread`), and a small search is
/// over by then, the calling thread having taken every segment.
///
/// A search whose words' forms hold fewer than `helpedPostings` postings
/// is left to the calling thread: each thread's page starts empty, so two
/// threads score a first page each, and for a small search ("Bush",
/// "Putin", 500 to 2,000 postings) that and the hand-over cost more than
/// the second thread saves (15 to 25 % more time, measured).
///
/// The answer is the same: each thread keeps the best page of the segments
/// it took, exact for them, and the best of the two pages is the page of
/// all. Only the counts of documents scored and skipped differ, as each
/// thread's bar starts from nothing.
final class SegmentQueue: @unchecked Sendable {
    private let order: [Int]
    private let next = Atomic<Int>(0)

    /// See the type's notes.
    static let helpedPostings = 5_000

    /// `indices`, largest segments first (`docCounts` by segment index).
    init(_ indices: [Int], docCounts: [Int]) {
        order = indices.sorted { (docCounts[$0], $1) > (docCounts[$1], $0) }
    }

    var count: Int { order.count }

    /// The next segment to search, or nil when all are taken.
    func take() -> Int? {
        let taken = next.add(1, ordering: .relaxed).oldValue
        return taken < order.count ? order[taken] : nil
    }

    /// Leaves nothing more to take (a search that failed stops its helper).
    func close() { next.store(order.count, ordering: .relaxed) }
}

/// What searching some segments yields: their best candidates, their
/// counts, and per segment the documents with every word (see `search`).
struct SegmentsOutcome {
    var top: TopK<Searcher.Candidate>
    var tally: Tally
    var matchedDocs: [Set<Int32>]

    /// Adds the outcome of other segments of the same search.
    mutating func merge(_ other: SegmentsOutcome) {
        for candidate in other.top.sorted() { top.insert(candidate) }
        tally.total += other.tally.total
        tally.partialTotal += other.tally.partialTotal
        tally.scored += other.tally.scored
        tally.skipped += other.tally.skipped
        tally.histogram.add(other.tally.histogram)
        for (segment, docs) in other.matchedDocs.enumerated() where !docs.isEmpty {
            matchedDocs[segment].formUnion(docs)
        }
    }
}
