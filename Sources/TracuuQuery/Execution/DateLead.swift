import TracuuCore
import TracuuStore

/// What the search loop walks in a segment: the query's matches, or, when a
/// date range holds few of the segment's documents, those documents with
/// the query moved to each in turn (a conjunction led by the dates). The
/// documents are the same either way: the loop still checks every date.
struct DateLead {
    let root: Scorer
    let inRange: [Int32]?
    private var index = 0

    init(root: Scorer, inRange: [Int32]?) {
        self.root = root
        self.inRange = inRange
    }

    mutating func next() throws(StoreError) -> Int32 {
        guard let inRange else { return try root.next() }
        while index < inRange.count {
            let target = inRange[index]
            let found = root.doc < target ? try root.advance(to: target) : root.doc
            if found == PostingsFormat.noMoreDocs { return found }
            if found == target {
                index += 1
                return found
            }
            while index < inRange.count && inRange[index] < found { index += 1 }
        }
        return PostingsFormat.noMoreDocs
    }

    /// A segment's documents dated inside a bounded range, ascending, when
    /// they are few next to the documents the words match (`cost`): then
    /// they lead the search and the words' postings are only skipped
    /// through (`next()`). Nil otherwise. One pass over the date column.
    static func datedDocs(
        _ dates: ColumnsReader.View?, _ range: DateRange, _ segment: SegmentReader, cost: Int
    ) -> [Int32]? {
        guard !range.isUnbounded, let dates else { return nil }
        // Undated documents hold `noDate`, below every day: a range open
        // below starts just above it, so one comparison leaves them out.
        let lower = max(range.lower.map { Int64($0.number) } ?? Int64.min, ArticleSchema.Column.noDate + 1)
        let upper = range.upper.map { Int64($0.number) } ?? Int64.max
        return dates.docs(in: lower, upper, docCount: segment.docCount, atMost: max(0, cost / 4))
    }
}
