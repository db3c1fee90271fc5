import TracuuCore

/// Matches per year or month, as the search counts them.
struct Histogram {
    let period: SearchRequest.HistogramPeriod?
    private var counts: [Int32: Int] = [:]
    private(set) var undated = 0

    init(period: SearchRequest.HistogramPeriod?) { self.period = period }

    mutating func count(_ date: Int64) {
        guard let period else { return }
        guard date != ArticleSchema.Column.noDate else {
            undated += 1
            return
        }
        let (year, month, _) = Day(number: Int32(date)).components
        let key = Int32(period == .year ? year : year * 100 + month)
        counts[key, default: 0] += 1
    }

    /// Adds the counts of another histogram of the same period.
    mutating func add(_ other: Histogram) {
        undated += other.undated
        for (key, count) in other.counts { counts[key, default: 0] += count }
    }

    var buckets: [HistogramBucket]? {
        guard let period else { return nil }
        return counts.keys.sorted().map { key in
            let year = Int(key)
            let label =
                period == .year
                ? NumberText.padded(year, width: 4)
                : NumberText.padded(year / 100, width: 4) + "-" + NumberText.padded(year % 100, width: 2)
            return HistogramBucket(period: label, count: counts[key]!)
        }
    }
}
