/// When an article was published, where that was read, and how far to trust it.
///
/// Journalists filter by date, so a wrong date is worse than none: every date
/// carries the evidence it came from, and `extract`/`search --format json` show
/// it so a user can judge a surprising result.
public struct PublicationDate: Hashable, Sendable {
    public var day: Day
    public var source: Source
    public var confidence: Confidence

    public init(day: Day, source: Source, confidence: Confidence) {
        self.day = day
        self.source = source
        self.confidence = confidence
    }

    /// Where the date was found, most trustworthy first.
    public enum Source: String, Sendable, CaseIterable {
        /// The `date` field of a JSONL corpus record.
        case record
        /// JSON-LD `datePublished`.
        case jsonLD = "json-ld"
        /// A `<meta>` tag (article:published_time, pubdate, dc.date, itemprop).
        case meta
        /// A `<time datetime>` element.
        case time
        /// A visible dateline next to the headline ("Ngày cập nhật 22/01/2019").
        case dateline
        /// The opening words of the lead ("Ngày 23/6/2017, ..."): the day of
        /// the reported event, which news items publish the same or next day.
        case lead
        /// A date in the URL path (/2019/01/22/).
        case url
        /// An archive's capture date (WARC-Date): the last resort.
        case capture
    }

    public enum Confidence: String, Sendable, Comparable, CaseIterable {
        case low, medium, high

        public static func < (lhs: Confidence, rhs: Confidence) -> Bool {
            let order: [Confidence] = [.low, .medium, .high]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }
}
